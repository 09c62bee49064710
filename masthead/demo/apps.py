from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "masthead.demo"
    label = "demo"
    verbose_name = "Demo content"
