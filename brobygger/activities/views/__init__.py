"""Activity pages, one module per audience: citizens, hosts, the broker, volunteers and
moderators.
"""
