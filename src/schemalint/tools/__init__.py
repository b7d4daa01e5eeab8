"""Migration tools and SQL dialects as objects, one registry each.

``transactions`` holds the runner transaction-model API (``TransactionModel``, ``FileRun``,
``Segment``); ``runners`` the model of each runner by version.
"""
