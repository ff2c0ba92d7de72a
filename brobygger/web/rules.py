"""Who may use the site shell's own pages (django-rules). The front page and the accessibility
statement are public; the page after sign-in is for whoever has signed in."""

import rules

PERMISSIONS = {
    "web.continue_after_sign_in": rules.is_authenticated,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
