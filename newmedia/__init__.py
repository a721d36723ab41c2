"""政务新媒体 (R32–R34): the registry of a unit's new-media accounts (备案), their lifecycle with
approval and filing, and the public matrix (served by publicapi/newmedia.py)."""
