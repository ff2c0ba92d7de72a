"""Who may see which insight. The synthetic analysis is public; uploaded surveys and their
results are for analysts and administrators only."""

import rules

from brobygger.accounts.roles import is_administrator, is_analyst

PERMISSIONS = {
    "insights.view_synthetic": rules.always_allow,
    "insights.view_coverage": rules.always_allow,
    "insights.upload_survey": is_analyst | is_administrator,
    "insights.view_run": is_analyst | is_administrator,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
