"""`provenance export prov`: the example project as W3C PROV, read back with `prov` and rdflib."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from prov.model import PROV_ROLE, PROV_TYPE, ProvDocument

from provenance.api import Project
from provenance.inputs.config import load_config
from tests.helpers import copy_example, run

PROV_NS = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    example = copy_example(tmp_path_factory.mktemp("prov"))
    outputs = {}
    for output_format in ("json", "xml", "provn", "ttl"):
        outputs[output_format] = example / f"provenance.{output_format}"
        result = run(example, "export", "prov", "--format", output_format, "--output", str(outputs[output_format]))
        assert result.exit_code == 0, result.output
    return example, outputs


def _read(outputs: dict[str, Path], output_format: str) -> ProvDocument:
    if output_format == "ttl":
        return ProvDocument.deserialize(source=str(outputs["ttl"]), format="rdf", rdf_format="turtle")
    return ProvDocument.deserialize(source=str(outputs[output_format]), format=output_format)


def _typed(document: ProvDocument, name: str) -> list:
    return [
        r
        for r in document.get_records()
        if any(str(v).endswith(f"pv:{name}") or str(v).endswith(f"#{name}") for v in r.get_attribute(PROV_TYPE))
    ]


def test_json_xml_and_turtle_read_back_as_the_same_document(exported):
    _example, outputs = exported
    documents = {f: _read(outputs, f) for f in ("json", "xml", "ttl")}
    assert documents["json"] == documents["xml"] == documents["ttl"]
    assert outputs["provn"].read_text(encoding="utf-8").startswith("document")


def test_every_quotation_is_quoted_from_its_passage(exported):
    example, outputs = exported
    with Project.open(load_config(example / "provenance.toml")) as opened:
        audit = opened.audit()
    document = _read(outputs, "json")
    quotations = _typed(document, "Quotation")
    assert len(quotations) == len(audit.quotations)
    quoted = [
        r
        for r in document.get_records()
        if r.get_type().localpart == "Derivation"
        and any(str(v) == "prov:Quotation" for v in r.get_attribute(PROV_TYPE))
    ]
    assert len(quoted) == sum(1 for q in audit.quotations if q.passage is not None)


def test_translation_derives_from_its_original_and_agents_have_roles(exported):
    _example, outputs = exported
    graph = rdflib.Graph().parse(str(outputs["ttl"]), format="turtle")
    prov = rdflib.Namespace(PROV_NS)
    translations = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("urn:x-provenance:vocabulary#Translation")))
    assert translations
    for translation in translations:
        derived = list(graph.objects(translation, prov.wasDerivedFrom)) + [
            graph.value(q, prov.entity) for q in graph.objects(translation, prov.qualifiedDerivation)
        ]
        assert derived, f"{translation} derives from nothing"
    name = rdflib.URIRef("urn:x-provenance:vocabulary#name")
    roles = {
        (str(graph.value(graph.value(a, prov.agent), name)), str(graph.value(a, prov.hadRole)))
        for a in graph.subjects(rdflib.RDF.type, prov.Attribution)
    }
    assert ("Jin, Emily", "urn:x-provenance:vocabulary#translator") in roles
    assert ("中央国家安全委员会办公室", "urn:x-provenance:vocabulary#author") in roles


def test_findings_are_attached_to_what_they_concern(exported):
    example, outputs = exported
    document = _read(outputs, "json")
    findings = _typed(document, "Finding")
    with Project.open(load_config(example / "provenance.toml")) as opened:
        audit = opened.audit()
    assert len(findings) == len(audit.result.findings)
    concerning = {
        r.get_attribute("prov:generatedEntity").pop()
        for r in document.get_records()
        if r.get_type().localpart == "Derivation" and any(str(v) == "pv:Concerns" for v in r.get_attribute(PROV_TYPE))
    }
    assert {f.identifier for f in findings} <= concerning | {None}
    assert all(r.get_attribute(PROV_ROLE) for r in document.get_records() if r.get_type().localpart == "Attribution")
