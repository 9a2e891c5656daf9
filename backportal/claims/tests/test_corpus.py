"""The labelled corpus: recall per rule family and false positives, printed and asserted.

corpus.tsv and the two held-out rounds were used to write and tune the rules;
the targets (recall ≥ 95 % per family, ≤ 3 % false positives) are asserted on
them. unseen.tsv was written after the last rule change and is never tuned on:
its recall is printed as an honest estimate for new copy, and only its false
positive rate is held to the target.
"""

from .corpus import (
    COPY_DEV_FILE,
    COPY_HELDOUT_FILE,
    COPY_VAL_FILES,
    TUNING_FILES,
    UNSEEN_FILE,
    load,
    load_copy,
    measure,
    measure_copy,
)

RECALL_TARGET = 0.95
FALSE_POSITIVE_LIMIT = 0.03
# The copy corpora (claim families). Dev: the targets. Held-out: what
# the rules reach on it, asserted so a regression shows; issue target 85 % / 5 %.
COPY_DEV_RECALL = 0.95
COPY_DEV_FALSE_ALARMS = 0.03
# Held-out, measured once after each round of rule work on dev and the
# validation sets (never looked at sentence by sentence): 45.1 % recall and
# 10.7 % false alarms after the first round, 59.8 % and 9.5 % after the
# concept fields (target 85 % / 5 % NOT met); asserted as a floor and a ceiling.
COPY_HELDOUT_RECALL = 0.58
COPY_HELDOUT_FALSE_ALARMS = 0.10


def test_corpus_is_large_and_balanced_enough():
    samples = load(*TUNING_FILES)
    violating = [s for s in samples if s.expected]
    compliant = [s for s in samples if not s.expected]
    assert len(samples) >= 200
    assert len(violating) >= 70
    assert len(compliant) >= 130
    assert {s.kind for s in samples} == {"supplement", "device", "article"}
    assert {f for s in violating for f in s.families} == {
        "hcvo",
        "hwg",
        "kennzeichnung",
    }


def test_corpus_meets_recall_and_false_positive_targets(corpus_report):
    metrics = measure(load(*TUNING_FILES))
    report = metrics.lines("Korpus (corpus.tsv, heldout.tsv, heldout2.tsv)")
    corpus_report.extend(report)
    summary = "\n".join(report)
    for family in metrics.family_total:
        assert metrics.recall(family) >= RECALL_TARGET, summary
    assert metrics.false_positive_rate <= FALSE_POSITIVE_LIMIT, summary


def test_unseen_corpus_reports_recall_and_keeps_false_positives_low(corpus_report):
    metrics = measure(load(UNSEEN_FILE))
    report = metrics.lines("Ungesehenes Korpus (unseen.tsv, nie zum Abstimmen benutzt)")
    corpus_report.extend(report)
    assert metrics.violating >= 30 and metrics.compliant >= 50
    assert metrics.false_positive_rate <= FALSE_POSITIVE_LIMIT, "\n".join(report)


def test_copy_corpora_are_labelled_with_known_families():
    from backportal.claims.ruleset import CLAIM_FAMILIES, KINDS

    for name in (COPY_DEV_FILE, COPY_HELDOUT_FILE):
        samples = load_copy(name)
        assert {s.kind for s in samples} <= set(KINDS)
        assert {f for s in samples for f in s.families} <= set(CLAIM_FAMILIES)
    assert len(load_copy(COPY_DEV_FILE)) >= 350
    assert len(load_copy(COPY_HELDOUT_FILE)) >= 150


def test_copy_dev_corpus_meets_targets(corpus_report):
    metrics = measure_copy(load_copy(COPY_DEV_FILE))
    report = metrics.lines("Copy-Korpus Entwicklung (copy_dev.tsv)")
    corpus_report.extend(report)
    summary = "\n".join(report)
    assert metrics.recall >= COPY_DEV_RECALL, summary
    assert metrics.false_alarm_rate <= COPY_DEV_FALSE_ALARMS, summary


# Validation files: (recall floor, false-alarm ceiling), a little below and
# above what the final rules reach, so a regression shows. Each file was
# written before the checker ran on it; its FIRST figures are the honest
# estimate of the rules of that moment on unseen copy (old rules → rules then):
#   copy_val.tsv   old rules            62.3 % / 6.8 %
#   copy_val2.tsv  old 34.2 % / 4.5 %   after round 1: 35.5 % / 4.5 %
#   copy_val3.tsv  old 42.2 % / 12.5 %  after round 2: 46.7 % / 10.0 %
#   copy_val4.tsv  old 54.1 % / 2.9 %   after round 3: 62.2 % / 0.0 %
#   copy_val5.tsv  old 44.8 % / 4.2 %   after round 4: 55.2 % / 8.3 %
#   copy_val6.tsv  old 57.1 % / 0.0 %   final rules:   75.0 % / 0.0 % (never tuned on)
# Files 1 to 5 were tuned on afterwards; their figures below are no estimate.
COPY_VAL_LIMITS = {
    "copy_val.tsv": (0.97, 0.03),
    "copy_val2.tsv": (0.93, 0.04),
    "copy_val3.tsv": (0.93, 0.06),
    "copy_val4.tsv": (0.95, 0.03),
    "copy_val5.tsv": (0.86, 0.05),
    "copy_val6.tsv": (0.71, 0.05),
}


def test_copy_validation_files_are_labelled_with_known_families():
    from backportal.claims.ruleset import CLAIM_FAMILIES, KINDS

    assert set(COPY_VAL_FILES) == set(COPY_VAL_LIMITS)
    samples = [s for name in COPY_VAL_FILES for s in load_copy(name)]
    assert {s.kind for s in samples} <= set(KINDS)
    assert {f for s in samples for f in s.families} == set(CLAIM_FAMILIES)
    assert len(samples) >= 600


def test_copy_dev_and_validation_figures(corpus_report):
    # The dev figures are printed by test_copy_dev_corpus_meets_targets.
    dev = measure_copy(load_copy(COPY_DEV_FILE))
    report: list[str] = []
    failures = []
    if dev.recall < COPY_DEV_RECALL or dev.false_alarm_rate > COPY_DEV_FALSE_ALARMS:
        failures.append(COPY_DEV_FILE)
    for name in COPY_VAL_FILES:
        metrics = measure_copy(load_copy(name))
        report += metrics.lines(f"Copy-Korpus Validierung ({name})")
        floor, ceiling = COPY_VAL_LIMITS[name]
        if metrics.recall < floor or metrics.false_alarm_rate > ceiling:
            failures.append(name)
    corpus_report.extend(report)
    summary = dev.lines("Copy-Korpus Entwicklung (copy_dev.tsv)") + report
    assert not failures, "\n".join(summary)


def test_copy_heldout_corpus_reports_figures(corpus_report):
    # Only the figures are printed: the rows are never read while writing rules.
    metrics = measure_copy(load_copy(COPY_HELDOUT_FILE))
    report = metrics.lines(
        "Copy-Korpus zurückgehalten (copy_heldout.tsv, nie zum Abstimmen benutzt)",
        show_rows=False,
    )
    corpus_report.extend(report)
    summary = "\n".join(report)
    assert metrics.recall >= COPY_HELDOUT_RECALL, summary
    assert metrics.false_alarm_rate <= COPY_HELDOUT_FALSE_ALARMS, summary
