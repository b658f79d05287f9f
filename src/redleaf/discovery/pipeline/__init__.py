"""The explore pipeline, one small module per stage:

1. sources.py    candidate sources, each a few hundred note ids at most (following, topics, co-engagement,
                 trending, fresh notes from new creators, the language bridge, the popular backfill);
2. features.py   what the ranking needs about each candidate, read in three queries, visibility decided
                 by notes.selectors.visible_notes (the one place);
3. filters.py    what must never be shown to this member (seen, marked, served this session, own notes);
4. ranking.py    the score, from the weights in discovery/weights.py;
5. diversity.py  caps per author and topic, and a re-rank so a page is not ten copies of one thing;
6. serve.py      a page by cursor, the same note never twice in a session, with a reason per note.

context.py holds what one page's stages share (the member, their profile, follows, the session)."""
