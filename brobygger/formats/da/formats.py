"""Danish formats (``FORMAT_MODULE_PATH``), over Django's own ``da`` module.

Dates read "26. nov. 2026": the month abbreviations with their period ("jan.", "feb.", "mar.",
"apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.") come from our Danish
catalogue (msgids "jan" … "dec", which Django's ``b`` format character translates). Times read
"14.30", with a full stop as Danish writes them. Numbers: decimal comma, thousands point.
"""

DATE_FORMAT = "j. b Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j. b Y \\k\\l. H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H.i"
FIRST_DAY_OF_WEEK = 1

DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '25.10.2006'
    "%d-%m-%Y",  # '25-10-2006'
    "%Y-%m-%d",  # '2006-10-25' (what <input type=date> sends)
]
# The first of each input list is also how a form shows a value: keep it what <input type=time>
# and Django's own Danish module use, and accept the Danish "14.30" as well.
TIME_INPUT_FORMATS = [
    "%H:%M:%S",  # '14:30:59'
    "%H:%M",  # '14:30'
    "%H.%M",  # '14.30'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",  # '25.10.2006 14:30:59'
    "%d.%m.%Y %H:%M:%S.%f",  # '25.10.2006 14:30:59.000200'
    "%d.%m.%Y %H:%M",  # '25.10.2006 14:30'
    "%d.%m.%Y %H.%M",  # '25.10.2006 14.30'
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
