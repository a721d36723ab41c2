"""Interaction with citizens and the knowledge base built from it (R23–R26, R9).

``knowledgebase`` itself holds the answering side: knowledge entries and service guides (page
types, reviewed like every item) and the automatic answers read from their public rows. Its
sub-apps hold the exchanges: ``mailbox`` (messages, handling, replies, their statistics) and
``surveys`` (surveys and solicitations).
"""
