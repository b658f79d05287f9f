"""Automated checks. Each check is a pure function of the content (and of a RuleBook compiled from
the operator's rules and lists); it returns Signals. `checks.verdict` turns signals into a proposed
action. Nothing here touches the database: services gather the context and store the results."""
