# Forvaltningsrevisjon: fra Questback-eksport til ferdig rapport.
# «make help» viser alle mål. Målene er filer: det som er oppdatert, kjøres ikke på nytt.

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
MAKEFLAGS += --no-builtin-rules --no-print-directory
# Two cores: the survey (ingest) and the absence register are read side by side.
MAKEFLAGS += -j2

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

# Which study to build; a study is a folder of YAML and Markdown, its raw files in data/raw/<id>/.
STUDY ?= studies/modum-2025
PROCESSED := data/processed
REPORTS := reports
RUN := $(PY) -m pipeline --study $(STUDY)
STAGE = $(PY) -m pipeline $(1) --study $(STUDY) --processed $(PROCESSED) --reports $(REPORTS)

ABSENCE_YAML := $(wildcard $(STUDY)/absence.yaml)

# Source of each stage: the Python files it imports, derived from the import graph by
# tools/stagedeps.py (re-derived when any of them changes), so changing a module re-runs
# exactly the stages that use it and what follows. The report also depends on its templates.
STAGE_DEPS := .make/stage-deps.mk
PY_SOURCES := $(shell find pipeline notebooks -name '*.py' ! -path '*/__pycache__/*' 2>/dev/null)
$(STAGE_DEPS): tools/stagedeps.py $(PY_SOURCES)
	@mkdir -p $(@D)
	@$(PYTHON) tools/stagedeps.py \
	  INGEST_SRC=pipeline.cli,pipeline.ingest ANALYSIS_SRC=pipeline.cli,pipeline.analysis.run \
	  ABSENCE_SRC=pipeline.cli,pipeline.absence.run FIGURES_SRC=pipeline.cli,pipeline.figures.run \
	  REPORT_SRC=pipeline.cli,pipeline.report.run \
	  NOTEBOOK_SRC=$(subst $(eval) ,$(comma),pipeline.notebooks $(wildcard notebooks/*.py)) > $@.tmp
	@mv $@.tmp $@
comma := ,
include $(STAGE_DEPS)
PACKAGE_DATA := $(shell find pipeline/data -type f 2>/dev/null)
TEMPLATES := $(shell find templates pipeline -type f -path '*templates/*' ! -path '*/__pycache__/*' 2>/dev/null)
STUDY_TEXTS := $(wildcard $(STUDY)/texts/*.md) $(wildcard $(STUDY)/report.yaml)

NOTEBOOK_HTML := $(patsubst notebooks/%.py,$(REPORTS)/notebooks/%.html,$(wildcard notebooks/*.py))

MANIFEST := $(PROCESSED)/manifest.json
RESULTS := $(PROCESSED)/results.json
ABSENCE := $(if $(ABSENCE_YAML),$(PROCESSED)/absence.json)
FIGURES := $(REPORTS)/figures/index.json
HTML := $(REPORTS)/rapport.html
PDF := $(REPORTS)/rapport.pdf

# Outputs belong to one study at a time: switching STUDY rebuilds everything.
STUDY_STAMP := $(PROCESSED)/.study

.PHONY: help venv study studieformat codebook ingest analyse absence figures html report report-check test lint notebooks lab bench example clean FORCE

## Vis denne oversikten
help:
	@echo "Bruk: make <mål> [STUDY=studies/<studie>]   (nå: STUDY=$(STUDY))"
	@echo
	@awk '/^## /{desc=substr($$0,4); next} /^[a-zA-Z_-]+:/{ if (desc) { split($$1,t,":"); printf "  %-14s %s\n", t[1], desc }; desc="" } !/^## /{ if ($$0 !~ /^[a-zA-Z_-]+:/) desc="" }' $(MAKEFILE_LIST)

## Lag det virtuelle Python-miljøet (.venv) med faste versjoner
venv: $(INSTALLED)

$(INSTALLED): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installerer avhengigheter i $(VENV) (første gang tar det et par minutter) …"
	@$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

# Written when make reads this file (not as a FORCE target, which «make -n» would always
# show as remade, listing every stage): its time changes only when the study does.
$(shell mkdir -p $(PROCESSED) && { echo "$(STUDY)" | cmp -s - $(STUDY_STAMP) || echo "$(STUDY)" > $(STUDY_STAMP); })

# The raw files the study names («survey: export:» in study.yaml, «file:» in absence.yaml),
# as the pipeline's own study reader resolves them: «python -m pipeline paths» writes them
# escaped for make (a name with spaces, «#» or quotes is one file), so nothing here reads
# YAML. Only goals that build from the study need them (not «make help» on a fresh clone).
RAW_PATHS := .make/raw-paths.mk
$(RAW_PATHS): $(STUDY)/study.yaml $(ABSENCE_YAML) $(STUDY_STAMP) | $(INSTALLED)
	@mkdir -p $(@D)
	@$(PY) -m pipeline paths --study $(STUDY) > $@.tmp || { rm -f $@.tmp; exit 2; }
	@mv $@.tmp $@
NO_STUDY_GOALS := help venv study studieformat test lint bench example clean
ifneq ($(filter-out $(NO_STUDY_GOALS),$(MAKECMDGOALS)),)
include $(RAW_PATHS)
endif

## Ny studie fra en eksport: make study ID=<kommune-år> EXPORT=<fil> [PLATFORM=…] [ABSENCE_FILE=<fraværsfil>]
study: | $(INSTALLED)
	@test -n "$(ID)" -a -n "$(EXPORT)" || { echo "Bruk: make study ID=<kommune-år> EXPORT=<eksportfil> [PLATFORM=questback_essentials|efs|surveyxact] [ABSENCE_FILE=<fraværsfil>]" >&2; exit 2; }
	$(PY) -m pipeline study --id "$(ID)" --export "$(EXPORT)" $(if $(PLATFORM),--platform "$(PLATFORM)") $(if $(ABSENCE_FILE),--absence "$(ABSENCE_FILE)")

## Lag et utkast til kodebok fra eksporten i study.yaml → studies/<studie>/codebook.yaml
codebook: | $(INSTALLED)
	$(PY) -m pipeline codebook draft $(RAW_EXPORT_SH) --out $(STUDY)/codebook.yaml

# A raw file the study names but that is missing: the pipeline says so in Norwegian
# (make alone would say «No rule to make target»). An existing file is never remade.
ifneq ($(RAW_EXPORT),)
$(RAW_EXPORT): | $(INSTALLED)
	@$(call STAGE,check)
endif
ifneq ($(ABSENCE_RAW),)
$(ABSENCE_RAW): | $(INSTALLED)
	@$(call STAGE,check)
endif

## Les, valider og anonymiser eksporten → data/processed/responses.parquet
ingest: $(MANIFEST)

$(MANIFEST): $(RAW_EXPORT) $(STUDY)/study.yaml $(STUDY)/codebook.yaml $(INGEST_SRC) $(PACKAGE_DATA) $(STUDY_STAMP) | $(INSTALLED)
	$(call STAGE,ingest)

## Beregn statistikken → data/processed/results.json
analyse: $(RESULTS)

$(RESULTS): $(MANIFEST) $(wildcard $(STUDY)/analysis.yaml) $(ANALYSIS_SRC) | $(INSTALLED)
	$(call STAGE,analyse)

## Les og analyser registrert sykefravær → data/processed/absence.json
absence: $(ABSENCE)

$(PROCESSED)/absence.json: $(ABSENCE_RAW) $(ABSENCE_YAML) $(STUDY)/study.yaml $(ABSENCE_SRC) $(STUDY_STAMP) | $(INSTALLED)
	$(call STAGE,absence)

## Tegn figurene (SVG) → reports/figures/
figures: $(FIGURES)

$(FIGURES): $(RESULTS) $(ABSENCE) $(FIGURES_SRC) | $(INSTALLED)
	$(call STAGE,figures)

## Lag bare HTML-rapporten (rask, mens du skriver tekstene) → reports/rapport.html
html: $(HTML)

## Lag rapporten → reports/rapport.html og reports/rapport.pdf
report: $(PDF)

REPORT_INPUTS := $(RESULTS) $(ABSENCE) $(FIGURES) $(STUDY)/study.yaml $(STUDY_TEXTS) $(REPORT_SRC) $(TEMPLATES)

$(HTML): $(REPORT_INPUTS) | $(INSTALLED)
	$(call STAGE,report) --format html

# HTML and PDF together, moved into place only when both were made: a failed or killed PDF
# step never leaves a new rapport.html beside an old rapport.pdf.
$(PDF): $(REPORT_INPUTS) | $(INSTALLED)
	$(call STAGE,report) --format both

## Sjekk rapporten i nettleser (tilgjengelighet) og lagre skjermbilder under reports/
report-check: report
	$(PY) -m pipeline report-check --html $(HTML) --pdf $(PDF) --out $(REPORTS)

## Skriv docs/studieformat.md (alle nøklene i studiefilene) på nytt fra koden
studieformat: | $(INSTALLED)
	$(PY) -m pipeline studieformat

## Vis rapporten i nettleseren mens du skriver: http://127.0.0.1:8000/rapport.html, oppdateres når en fil i studiemappen endres
.PHONY: preview
preview: $(HTML)
	$(call STAGE,preview)

## Kjør alle tester (og kodekontroll med ruff)
test: $(INSTALLED)
	@.ci/system-tools
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

## Kontroller kodestil med ruff
lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Kjør analysenotatbøkene og lagre dem som HTML under reports/notebooks/
notebooks: $(NOTEBOOK_HTML)

# A notebook is re-run when it, the data or the package code it calls changes.
$(REPORTS)/notebooks/%.html: notebooks/%.py $(RESULTS) $(ABSENCE) $(NOTEBOOK_SRC) $(PACKAGE_DATA) | $(INSTALLED)
	$(PY) -m pipeline notebooks --study $(STUDY) --processed $(PROCESSED) --out $(REPORTS)/notebooks $<

## Åpne Jupyter Lab i prosjektets miljø
lab: $(RESULTS) $(ABSENCE) | $(INSTALLED)
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

## Mål hastighet og minnebruk fra 500 til 200 000 respondenter → reports/bench.md
bench: $(INSTALLED)
	$(PY) -m pipeline bench --out $(REPORTS)/bench.md

## Lag eksempelstudiens rådata på nytt fra generatoren: eksporten som Questback, EFS (.sav) og SurveyXact, og fraværsstatistikken (data/raw/modum-2025/)
example: $(INSTALLED)
	$(PY) -m pipeline example

## Slett alt som er generert (data/processed og reports), ikke rådata
clean:
	find $(PROCESSED) $(REPORTS) -mindepth 1 ! -name .gitkeep -delete
