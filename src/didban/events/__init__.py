"""Events: triggers, arguments, CAMEO/PLOVER coding, in-document merging."""
