# guidegen —— 快速开始只需两条命令：
#   make build    # 准备环境（缺什么装什么）、校验数据、生成全部文档到 output/
#   make test     # 准备测试环境并运行全部测试
# 环境准备由 scripts/bootstrap.sh 完成；已就绪时它静默且在 1 秒内返回。

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PY          := .venv/bin/python
DATA        ?=
DATA_ARG     = $(if $(DATA),--data "$(DATA)")
OUT         ?= output
ARGS        ?=
PYTEST_ARGS ?=

BOOTSTRAP := bash scripts/bootstrap.sh

# 运行 pytest；退出码 5（一个测试都没收集到）也算失败。
# 用法：$(call run_pytest,<pytest 参数>)
define run_pytest
rc=0; $(PY) -m pytest $(1) || rc=$$?; \
if [ $$rc -eq 5 ]; then echo "错误：没有运行任何测试（pytest 未收集到测试，退出码 5）" >&2; exit 1; fi; \
exit $$rc
endef

.PHONY: help setup setup-test build test bench bench-patches bench-lists bench-regions fuzz screenshots clean distclean
.PHONY: templates preview

help:
	@echo "guidegen 常用命令："
	@echo "  make build       准备环境，校验数据（guidegen check），生成文档到 $(OUT)/"
	@echo "  make test        准备测试环境并运行全部测试（pytest）"
	@echo "  make setup       只准备构建环境（Debian 软件包 + .venv + Python 依赖）"
	@echo "  make setup-test  只准备测试环境（额外安装 LibreOffice、Chromium）"
	@echo "  make bench       运行性能基准（bench/run.py）"
	@echo "  make bench-patches  测每个加速补丁省多少时间（bench/patches.py）"
	@echo "  make bench-lists 导出/导入 Excel 的性能基准（bench/lists.py，1000 项）"
	@echo "  make bench-regions  16 个地区 × 60 项的 build --all-regions 与 960 项单次构建之比（bench/regions.py）"
	@echo "  make fuzz        长时间运行模糊测试（HYPOTHESIS_PROFILE=long）"
	@echo "  make templates   由 tools/make_docx_templates.py 重新生成内置 DOCX 模板 templates/docx/*.docx"
	@echo "  make preview     用示例上下文渲染全部模板并转成 PDF/PNG 供查看（tools/preview_*.py，输出在 /tmp）"
	@echo "  make screenshots 用 Chromium 重新截取网站截图 docs/site-*.png（先 make build）"
	@echo "  make clean       删除 output/ 和各类缓存（保留 .venv）"
	@echo "  make distclean   在 clean 的基础上再删除 .venv"
	@echo "  make help        显示本帮助（默认目标）"
	@echo ""
	@echo "可用变量：OUT=输出目录（默认 output）  DATA=数据目录（默认取 guidegen.yaml 中的 data）"
	@echo "          ARGS=传给 guidegen build / bench 的额外参数  PYTEST_ARGS=传给 pytest 的额外参数"
	@echo "例：make build OUT=/tmp/out    make test PYTEST_ARGS='-x -k docx'"

setup:
	@$(BOOTSTRAP) build

setup-test:
	@$(BOOTSTRAP) test

build:
	@$(BOOTSTRAP) build
	$(PY) -m guidegen check $(DATA_ARG)
	$(PY) -m guidegen build $(DATA_ARG) --out "$(OUT)" $(ARGS)

test:
	@$(BOOTSTRAP) test
	@$(call run_pytest,$(PYTEST_ARGS))

bench:
	@$(BOOTSTRAP) test
	$(PY) bench/run.py $(ARGS)

bench-patches:
	@$(BOOTSTRAP) build
	$(PY) bench/patches.py $(ARGS)

bench-lists:
	@$(BOOTSTRAP) test
	$(PY) bench/lists.py $(ARGS)

bench-regions:
	@$(BOOTSTRAP) build
	$(PY) bench/regions.py $(ARGS)

fuzz:
	@$(BOOTSTRAP) test
	@export HYPOTHESIS_PROFILE=long; $(call run_pytest,tests/test_fuzz.py $(PYTEST_ARGS))

# The generator is the one source of the built-in DOCX templates; tests/test_docx_templates.py
# fails when the committed files differ from its output.
templates:
	@$(BOOTSTRAP) build
	$(PY) tools/make_docx_templates.py

preview:
	@$(BOOTSTRAP) test
	$(PY) tools/preview_docx.py
	$(PY) tools/preview_html.py

screenshots:
	@$(BOOTSTRAP) test
	$(PY) tools/site_screenshots.py --site "$(OUT)/site"

clean:
	rm -rf output .pytest_cache .hypothesis bench/_work build dist .make
	find . \( -path ./.venv -o -path ./.git \) -prune -o \
		\( -type d \( -name __pycache__ -o -name '*.egg-info' \) -prune -exec rm -rf {} + \)

distclean: clean
	rm -rf .venv
