"""Signals other apps listen to, so learners never imports them.

learner_erased: sent inside learner_erase's transaction, with `learner`. Apps that keep personal
data about a learner apart from this app (equality monitoring) delete it on this signal.
"""

from django.dispatch import Signal

learner_erased = Signal()
