"""The evaluation, all of it: did the tools increase recruitment?

- ``referrals``: the funnel per arena and month, time to the first visit, referrals before and
  after each arena got the tools (rate ratio, exact interval), the change in T-ILS, and the
  research export's rows;
- ``network``: referrals between the two sides of a pop-up visit, before and after it;
- ``activities``: the activity platform per month;
- ``views``: the dashboard and the research CSV (``/evaluering/``).

Real records only, except in the dashboard's labelled demo view (demo mode only), which shows
the demo records alone.
"""
