# Django's en_GB has "j M Y, P" (30 Nov 2026, 2:05 p.m.): the 24-hour clock of the rest of the
# site, with the zone (T: GMT, BST, EST...).
DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = "d/m/Y H:i T"
