from datetime import UTC, datetime

from redleaf.core.ids import id_for_time, id_time, next_id


def test_ids_increase_and_fit_in_63_bits():
    ids = [next_id() for _ in range(10_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert all(0 < i < 2**63 for i in ids)


def test_id_time_round_trips():
    moment = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert id_time(id_for_time(moment)) == moment
