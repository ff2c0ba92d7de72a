"""The administration in the web (``/administration/``): users and their roles, arenas and
organisations, and the history of every change, for the administrator role, so that nobody
needs Django's admin site or the command line to run Brobygger. The writes are the owning
apps' services (accounts, referrals' ``arenas``, directory's ``organisations``)."""
