"""Every number that shapes explore, in one place. The ranking (pipeline/ranking.py), the learning
(learning.py), the precomputed pools (precompute.py) and the public page that explains explore
(/discover/how, DSA Art. 27) all read them from here, so the page can never drift from the code.

A note's score for one member is a weighted sum of features, each scaled to about 0..1 (or -1..1):

    score = ENGAGEMENT      · predicted engagement  (log of likes + 2·collects + 3·comments + 1 more per reply)
          + TOPIC           · topic affinity        (the member's learned weight of the note's best topic, -1..1)
          + ONBOARDING      · chosen at onboarding  (1 if one of the note's topics was picked, else 0)
            (a topic often written with one the member likes counts TOPIC_RELATED of that one's affinity)
          + AUTHOR          · author affinity       (-1..1) + FOLLOWING if the member follows the author
          + CO_ENGAGEMENT   · "also collected"      (co-engagement with the member's recent notes, 0..1)
          + LANGUAGE_*      · language fit          (unreadable: penalty; a language being learned: small lift)
          + FRESHNESS       · 2^(-age / FRESHNESS_HALF_LIFE_DAYS)
          + POSITIVE_TONE   · share of positive comments (vaderSentiment / snownlp), trusted after a few
          + CROSS_LANGUAGE  · replies exchanged between members who share no language (log, capped)
          + HOSTILE         · share of hostile comments (negative tone, removed by review)   [negative weight]
          + REPORTS         · members' reports on the note (log, capped)                     [negative weight]
          + HIDES           · members who hid it (log, capped)                               [negative weight]
          + NEW_CREATOR     · the author is new (exploration: new voices get seen)

Then diversity (pipeline/diversity.py) re-ranks greedily: each further note of an author or topic
already on the page costs REPEAT_AUTHOR / REPEAT_TOPIC, and hard caps keep a page varied."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# --- ranking: the weights of the features above ---------------------------------------------------
ENGAGEMENT = 1.0
TOPIC = 2.2
ONBOARDING = 1.0
TOPIC_RELATED = 0.5  # a topic that often goes with one the member likes counts this share of it
AUTHOR = 0.8
FOLLOWING = 0.6
CO_ENGAGEMENT = 1.4
LANGUAGE_UNREADABLE = -2.5  # a note in a language the member does not read (nor wants to)
LANGUAGE_LEARNING = 0.3  # a note in a language the member said they would like to read more in
FRESHNESS = 0.8
POSITIVE_TONE = 0.6
CROSS_LANGUAGE = 0.5
HOSTILE = -1.2
REPORTS = -1.0
HIDES = -0.8
NEW_CREATOR = 0.35

# How the features are scaled
ENGAGEMENT_LIKE, ENGAGEMENT_COLLECT, ENGAGEMENT_COMMENT, ENGAGEMENT_REPLY = 1.0, 2.0, 3.0, 1.0
ENGAGEMENT_REFERENCE = 300.0  # weighted engagement that counts as 1.0 (on a log scale)
FRESHNESS_HALF_LIFE_DAYS = 3.0
TONE_TRUST = 3  # comments needed before the tone counts fully: share · n / (n + TONE_TRUST)
CROSS_LANGUAGE_CAP = 5  # this many cross-language replies count as 1.0
REPORTS_CAP = 5
HIDES_CAP = 10

# --- diversity ------------------------------------------------------------------------------------
REPEAT_AUTHOR = 0.6  # score lost by each further note of an author already on the page
REPEAT_TOPIC = 0.25  # ... of a topic already on the page (per note sharing it)
MAX_PER_AUTHOR = 2  # per page of 20 (scaled with the page size)
MAX_TOPIC_SHARE = 0.4  # at most this share of a page on one topic
EXPLORATION_SLOTS = 1  # a page keeps a place for a new creator's note when one is in the candidates

# --- learning: what each action adds to the note's topics and author ---------------------------------
ACTIONS = {
    "view": 0.3,
    "long_view": 1.0,
    "like": 2.0,
    "collect": 4.0,
    "comment": 5.0,
    "unlike": -2.0,
    "uncollect": -4.0,
    "hide": -3.0,
    "not_interested": -4.0,
    "less_author": -10.0,  # on the author only; the author also leaves the member's explore
    "less_topic": -10.0,  # on the topic only; notes on it leave the member's explore
}
AUTHOR_SHARE = 0.5  # an action counts half as much for the author as for the topics
POSITIVE = {"long_view", "like", "collect", "comment"}  # seeds for co-engagement ("also collected")
REASON_ACTIONS = ("collect", "comment", "like", "long_view")  # strongest first, as a card's reason names them
HALF_LIFE_DAYS = 21.0  # interests fade: an action three weeks ago counts half
ONBOARDING_WEIGHT = 6.0  # a topic picked at onboarding starts with this learned weight too
TOPICS_KEPT, AUTHORS_KEPT, RECENT_KEPT, SEEN_KEPT = 60, 100, 20, 1000
HISTORY_LIKES, HISTORY_COLLECTS, HISTORY_COMMENTS = 100, 50, 30  # a profile first built from history
LONG_VIEW_SECONDS = 8

# --- candidate sources: how many each brings -------------------------------------------------------
# (for a page of 20; a page's candidates are read afresh each time, so a few times the page is plenty)
FOLLOWING_LIMIT, FOLLOWING_DAYS = 25, 14
TOPIC_SOURCE_TOPICS, TOPIC_SOURCE_PER_TOPIC = 5, 20
RELATED_FROM, RELATED_SOURCE_TOPICS = 8, 2  # related topics of the member's top 8; the best 2 also bring notes
CO_ENGAGEMENT_SEEDS, CO_ENGAGEMENT_PER_SEED, CO_ENGAGEMENT_LIMIT = 10, 20, 60
TRENDING_LIMIT, FRESH_LIMIT, BRIDGE_LIMIT, POPULAR_LIMIT = 30, 10, 15, 40
# What a candidate's note is like (author, time, counts, topics, language, conversation) is kept in the
# Django cache this long (Redis when configured, else each process's memory): derived data, not state —
# visibility is checked again, live, for the notes a page shows.
FEATURES_TTL_SECONDS = 120
# A member's followed members' latest notes are kept this long (per set of followees, so a follow is
# felt at once).
MEMBER_CACHE_SECONDS = 60

# --- precomputed pools (the worker) ---------------------------------------------------------------
POOL_MAX_AGE_MINUTES = 10  # older pools are refreshed (a task is enqueued when a page notices)
TRENDING_DAYS, TRENDING_GRAVITY, TRENDING_SIZE = 7, 1.5, 300  # (engagement + 1) / (hours + 2)^gravity
FRESH_DAYS, FRESH_SIZE = 3, 200
POPULAR_POOL_SIZE = 1000  # the top of the popular backfill (a reload's top, the first windows of a session)
WARM_CARDS = 50000  # with a shared cache (Redis), the pools refresh caches the cards of this many pooled notes
NEW_CREATOR_DAYS, NEW_CREATOR_MAX_NOTES = 30, 3  # joined this recently, or has at most this many notes
TOPIC_POOLS, TOPIC_POOL_DAYS, TOPIC_POOL_SIZE = 200, 60, 200
RELATED_TOPICS_KEPT = 15  # per topic: the topics most often written on the same notes (cosine)
LANGUAGE_POOL_DAYS, LANGUAGE_POOL_SIZE, LANGUAGE_POOL_SCAN = 30, 200, 3000
NEIGHBOUR_ENGAGERS, NEIGHBOUR_ITEMS_PER_ENGAGER, NEIGHBOURS_KEPT = 200, 50, 50
NEIGHBOURS_MAX_AGE_MINUTES = 30
SIGNALS_COMMENTS = 200  # the latest comments a note's conversation is judged by
SIGNALS_DELAY_SECONDS = 30  # engagement on a note is recounted this long after it starts (debounce)
VADER_POSITIVE, VADER_HOSTILE = 0.3, -0.5  # compound score
SNOWNLP_POSITIVE, SNOWNLP_HOSTILE = 0.7, 0.15  # probability of positive

# --- sessions -------------------------------------------------------------------------------------
SESSION_IDLE_MINUTES = 30
SESSION_MAX_SERVED = 2000
SESSION_KEEP_HOURS = 24


def page_caps(size: int) -> tuple[int, int]:
    """(notes per author, notes per topic) allowed on a page of `size`."""
    per_author = max(MAX_PER_AUTHOR, round(MAX_PER_AUTHOR * size / 20))
    per_topic = max(3, round(MAX_TOPIC_SHARE * size))
    return per_author, per_topic


# What the public page lists, strongest first within each group: (label, what it means, weight).
def parameters() -> list[tuple[str, object, object, float]]:
    return [
        ("lift", _("Topics you engage with"), _("Notes on topics you liked, collected, commented on or read to the end."), TOPIC),
        ("lift", _("Members who collected this also collected"), _("Notes collected or liked by the same people as notes you saved."), CO_ENGAGEMENT),
        ("lift", _("Predicted engagement"), _("How much a note is saved, commented on and liked: a collect counts twice a like, a comment three times, a reply once more."), ENGAGEMENT),
        ("lift", _("Related topics"), _("Topics often written together with the ones you like (#探店 goes with #美食), at %(share)s%% of their weight.") % {"share": round(TOPIC_RELATED * 100)}, TOPIC * TOPIC_RELATED),
        ("lift", _("Interests you chose"), _("The topics you picked when you joined or in your explore settings."), ONBOARDING),
        ("lift", _("Freshness"), _("Newer notes first: a note's lift halves every %(days)s days.") % {"days": f"{FRESHNESS_HALF_LIFE_DAYS:g}"}, FRESHNESS),
        ("lift", _("Authors you engage with"), _("Notes by people whose notes you like and save."), AUTHOR),
        ("lift", _("Kind conversation"), _("The share of positive comments under a note (read by vaderSentiment for English and snownlp for Chinese)."), POSITIVE_TONE),
        ("lift", _("Talk across languages"), _("Replies exchanged between members who speak different languages."), CROSS_LANGUAGE),
        ("lift", _("People you follow"), _("Recent notes from members you follow."), FOLLOWING),
        ("lift", _("New voices"), _("A place on each page for a note from a new creator."), NEW_CREATOR),
        ("lift", _("A language you are learning"), _("Well-received notes in a language you said you would like to read more in."), LANGUAGE_LEARNING),
        ("lower", _("Hostile threads"), _("The share of comments with a hostile tone or removed by review."), HOSTILE),
        ("lower", _("Reports"), _("Members' reports about the note."), REPORTS),
        ("lower", _("Hidden by members"), _("How many members hid the note."), HIDES),
        ("lower", _("A language you do not read"), _("Notes in a language you did not say you read."), LANGUAGE_UNREADABLE),
    ]
