"""Automated checks. Each check is a pure function of the content (and of a RuleBook compiled from
the operator's rules and lists); it returns Signals. `checks.verdict` turns signals into a proposed
action. Nothing here touches the database: services gather the context and store the results."""


def warm_up() -> None:
    """Load what the checks need (jieba's dictionary, the profanity and nudity models, the language
    detector, the compiled lists) before the first item arrives: a worker that just started would
    otherwise make its first note wait a second or more for them."""
    from redleaf.language.detect import detect
    from redleaf.moderation import rules
    from redleaf.moderation.checks.images import nudity_model
    from redleaf.moderation.checks.text import check_text

    sample = "预热一下，今天的猫咪很可爱 warming up, what a lovely cat today"
    check_text(sample, book=rules.rulebook(), lang=None)
    detect(sample)
    nudity_model()
