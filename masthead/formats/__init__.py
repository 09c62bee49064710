"""Date formats Django uses where no template filter says otherwise (the admin's lists and
read-only fields, a datetime printed bare in a template): FORMAT_MODULE_PATH in settings.

Only what differs from Django's own en_GB formats is here: a date and time names its zone,
since the newsroom's zone (MASTHEAD_TIME_ZONE) need not be the reader's.
"""
