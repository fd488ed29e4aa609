"""Similar submissions on the labelled pairs (fixtures/similar_pairs.json): rewrites of one concern
find each other ahead of different concerns on the same topic."""

import pytest

from lianluo.submissions.models import Submission
from lianluo.submissions.similarity import similar_submissions, submission_index, text_grams
from lianluo.submissions.similarity_eval import evaluate, labelled_pairs


def test_the_labelled_set_has_at_least_sixty_pairs_of_both_kinds():
    pairs = labelled_pairs()
    assert len(pairs) >= 60
    assert sum(p["same"] for p in pairs) >= 30 and sum(not p["same"] for p in pairs) >= 25


def test_boilerplate_is_not_a_concern():
    assert "关于" not in text_grams("关于加强河道治理的提案")
    assert {"河道", "治理", "荒"} <= text_grams("河道治理", "抛荒")


@pytest.mark.django_db
def test_rewrites_find_their_partner_first_and_duplicates_are_flagged_precisely(world):
    result = evaluate(organisation=world.town_a)
    assert result.rewrites == 36 and result.distractors == 30
    assert result.precision_at_1 >= 0.9, result.wrong
    assert result.flag_precision >= 0.9, result.flagged_wrong


@pytest.mark.django_db
def test_an_edited_title_is_found_by_its_new_words(world):
    item = Submission.objects.create(
        organisation=world.town_a, kind="proposal", title="关于路灯的提案", year=2026
    )
    submission_index(item)
    item.title = "关于增设园区道路照明的提案"
    item.save()
    submission_index(item)
    found = similar_submissions(candidates=Submission.objects.all(), title="园区道路照明不足的建议")
    assert [m.submission.pk for m in found] == [item.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("small_scope", [2000, 0])
def test_the_best_in_scope_is_found_when_better_ones_lie_outside_it(
    world, monkeypatch, small_scope
):
    """The shortlist of the whole index holds only other offices' items: the viewer's own best
    is still found, looked up gram by gram (a small scope) or by summing over the index."""
    from lianluo.submissions import similarity

    def store(org, title):
        item = Submission.objects.create(
            organisation=org, kind="proposal", title=title, year=2026, state="submitted"
        )
        submission_index(item)
        return item

    for index in range(4):
        store(world.town_b, f"关于乙镇农贸市场第{index}期提升改造的提案")
    own = store(world.town_a, "关于农贸市场卫生整治的提案")
    store(world.town_a, "关于学校食堂的提案")
    monkeypatch.setattr(similarity, "SHORTLIST", 2)
    monkeypatch.setattr(similarity, "RERANK", 2)
    monkeypatch.setattr(similarity, "SMALL_SCOPE", small_scope)
    found = similar_submissions(
        candidates=Submission.objects.filter(organisation=world.town_a),
        title="关于农贸市场提升改造的建议",
    )
    assert found and found[0].submission == own
