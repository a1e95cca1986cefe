"""Findings into the store's rows and back.

A lint where one manuscript of a large book changed checks that manuscript again
and reads back the findings of all the others: 20,000 of them took a quarter of such
a run. So they are read in a forked process (:mod:`provenance.forked`) while the
changed manuscript is checked. That process reads with a connection of its own. It
starts inside the lint's write transaction, which holds the store's write lock, so
the last committed state it reads is the one the transaction started from: no other
lint can commit in between.
"""

from __future__ import annotations

import json
from functools import partial
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.domain.findings import FINDING_ORDER, Evidence, Finding, Fix, Severity, StoredEvidence
from provenance.forked import Pending, start_forked
from provenance.store.database import open_store
from provenance.store.model import Finding as FindingRow

#: Stored findings worth a process of their own to read (a fork costs tens of milliseconds).
MIN_FORKED = 5_000

#: A stored finding with the scope it was computed from (see provenance.check.lint).
Scoped = tuple[str, Finding]

#: A severity by its stored value (a dictionary lookup: calling the enum costs several times as much).
SEVERITIES = {severity.value: severity for severity in Severity}


def save(session: Session, findings: list[Scoped]) -> list[Finding]:
    """Store *findings*; return them as a later run will read them back (see _stored)."""
    rows = []
    saved = []
    for scope, f in findings:
        evidence = f.evidence.as_dict() if f.evidence else None
        rows.append(
            {
                "scope": scope,
                "code": f.code,
                "severity": f.severity.value,
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "message": f.message,
                "citation_key": f.citation_key,
                "evidence": evidence,
                "fix": f.fix.as_dict() if f.fix else None,
            }
        )
        # What _stored makes of the row, built from the finding: it already holds the severity and fix.
        saved.append(
            Finding(
                f.code,
                f.severity,
                f.path,
                f.line,
                f.column,
                f.message,
                f.citation_key,
                Evidence(extra=evidence) if evidence else None,
                f.fix,
            )
        )
    # The Core table, not the entity: one executemany, no unit-of-work bookkeeping per finding.
    if rows:
        session.execute(sa.insert(cast(sa.Table, FindingRow.__table__)), rows)
    return saved


def load(session: Session) -> list[Finding]:
    """Every stored finding, in FINDING_ORDER."""
    return sorted((finding for _scope, finding in load_scoped(session)), key=FINDING_ORDER)


def load_scoped(session: Session) -> list[Scoped]:
    """Every stored finding with its scope, in the order stored (so that findings equal in FINDING_ORDER
    keep the order their run made them in)."""
    return _scoped(_rows(session))


def _rows(session: Session) -> list[tuple]:
    """Every stored finding as the plain values of its row, scope first, in the order stored."""
    # Plain rows, not ORM objects: a bibliography of 50,000 entries may carry 100,000 findings.
    table = FindingRow.__table__
    rows = session.execute(
        sa.select(
            table.c.scope,
            table.c.code,
            table.c.severity,
            table.c.path,
            table.c.line,
            table.c.column,
            table.c.message,
            table.c.citation_key,
            # As text: the JSON column type would decode every value as it is fetched.
            sa.cast(table.c.evidence, sa.Text).label("evidence"),
            sa.cast(table.c.fix, sa.Text).label("fix"),
        ).order_by(table.c.id)
    )
    return [tuple(row) for row in rows]


def start_loading_scoped(session: Session) -> Pending[list[Scoped]]:
    """Start reading what ``load_scoped`` gives, as committed before *session*'s transaction began.

    It takes the store's write lock for *session*'s transaction (its first statement), so
    that no other lint commits before the reading. Calling what is returned waits for the
    findings; where no process is started, or it fails, they are read then through
    *session*: then it also sees what the transaction changed since, which the caller must
    tell apart by scope.
    """
    here = partial(load_scoped, session)
    count = session.scalar(sa.select(sa.func.count()).select_from(FindingRow))
    if (count or 0) < MIN_FORKED:
        return Pending(here)
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    return start_forked(partial(_load_apart, url), _scoped, here)


def _load_apart(url: str) -> list[tuple]:
    # A store of its own: the parent's connection is inside its transaction, not to be touched here.
    # Rows cross the pipe as plain tuples: sent as findings, they took three times as long to unpickle.
    store = open_store(url, migrate=False)
    try:
        with store.reading() as session:
            return _rows(session)
    finally:
        store.close()


def _scoped(rows: list[tuple]) -> list[Scoped]:
    return [(row[0], _stored(*row[1:])) for row in rows]


def _stored(code, severity, path, line, column, message, citation_key, evidence, fix) -> Finding:
    """A finding as its stored row holds it; the evidence stays JSON text until read (see StoredEvidence)."""
    return Finding(
        code,
        SEVERITIES[severity],
        path,
        line,
        column,
        message,
        citation_key,
        # None is stored as JSON's null, or as SQL's NULL by an older version.
        StoredEvidence(evidence) if evidence and evidence != "null" else None,
        Fix(**json.loads(fix)) if fix and fix != "null" else None,
    )
