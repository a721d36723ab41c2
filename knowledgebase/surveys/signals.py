"""What the survey app tells the layers above: a survey closed early changes what its public
detail says (``closed_early_at``), and the read model, above this layer, follows."""

from django.dispatch import Signal

# Sent inside the transaction that closed it, with ``page_ids``.
survey_closed = Signal()
