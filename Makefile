# Thin aliases for the two commands of README.md; dev.py does the work (and needs only Python).
.PHONY: run test bench
run:
	python3 dev.py run
test:
	python3 dev.py test
bench:
	.venv/bin/python bench/align.py
