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
