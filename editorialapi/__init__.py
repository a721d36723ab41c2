"""The editorial API: the review chain for headless editorial clients, with Wagtail's tokens."""
