#!/usr/bin/env bash
# guidegen 环境准备脚本（由 `make build` / `make test` 调用，也可单独运行）。
#
# 用法：scripts/bootstrap.sh build|test      （test 包含 build 的全部依赖）
#
# 做三件事，都是“缺什么才装什么”，已就绪时静默且很快（< 1 秒，不调用 apt-get/pip）：
#   1. Debian 软件包：用 dpkg-query 检查；缺失时 root 直接 apt-get 安装，
#      非 root 打印一行可复制的 `sudo apt-get install -y ...` 后退出 1。
#   2. 虚拟环境 .venv：不存在（或已损坏）时用 python3.11 / python3（需 ≥ 3.11）创建。
#   3. Python 依赖：`.venv/bin/pip install -e '.[test]'`（一个 venv 同时服务 build 与 test）。
#      是否需要安装由戳记文件 .venv/.guidegen-stamp 决定：其内容是
#      sha256( 安装参数 + pyproject.toml 内容 + .venv/pyvenv.cfg 内容 )；
#      与当前计算值相同则完全跳过 pip。pip 成功后才写入戳记，失败则不留戳记。
#   4. 仅 test：网站测试用的 npm 包（axe-core、vnu-jar，见 package.json）装进仓库内的
#      node_modules/（已被 git 忽略），由 `npm ci` 按 package-lock.json 安装；
#      戳记 node_modules/.guidegen-stamp = sha256( package.json + package-lock.json )。
#
# 仅用于测试的环境变量：
#   GUIDEGEN_EXTRA_DEBS="pkg1 pkg2"  把额外的软件包名加入必需列表，
#                                    用来模拟“缺少软件包”的情形（例如填一个不存在的包名）。
set -euo pipefail

PROFILE="${1:-}"
case "$PROFILE" in
  build|test) ;;
  *)
    echo "用法：$0 build|test" >&2
    exit 2
    ;;
esac

# 始终在仓库根目录下工作（脚本位于 <根>/scripts/）。
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# 并发保护（如 make -j build test）：以只读方式锁住本脚本文件，不产生额外文件。
if command -v flock >/dev/null 2>&1; then
  exec 9<"${BASH_SOURCE[0]}"
  flock 9
fi

export DEBIAN_FRONTEND=noninteractive
export PIP_NO_INPUT=1

VENV=.venv
VPY="$VENV/bin/python"
STAMP="$VENV/.guidegen-stamp"
PIP_SPEC='.[test]'   # 始终带 test 附加依赖：同一个 venv 服务 build 和 test

BUILD_DEBS=(
  fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-ukai fonts-hanazono
  fonts-liberation2 fonts-noto-color-emoji fontconfig
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  poppler-utils
)
# chromium: Playwright drives Debian's browser (no browser download); nodejs (with npm) for
# axe-core and vnu-jar; default-jre-headless runs the Nu HTML checker (vnu.jar).
TEST_DEBS=(libreoffice-writer-nogui libreoffice-calc-nogui chromium nodejs default-jre-headless)

say()  { printf '%s\n' "$*"; }
warn() { printf '警告：%s\n' "$*" >&2; }
die()  { printf '错误：%s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------- Python / venv

# venv 可用 = python 与 pip 都可执行（悬空的符号链接、缺 pip 的半成品都算不可用），
# 且 pyvenv.cfg 记录的版本 ≥ 3.11。只读文件，不启动进程。
venv_ok() {
  [ -x "$VPY" ] && [ -x "$VENV/bin/pip" ] && [ -f "$VENV/pyvenv.cfg" ] || return 1
  local line re='^version(_info)?[[:space:]]*=[[:space:]]*([0-9]+)\.([0-9]+)'
  while IFS= read -r line; do
    if [[ $line =~ $re ]]; then
      local maj="${BASH_REMATCH[2]}" min="${BASH_REMATCH[3]}"
      [ "$maj" -gt 3 ] || { [ "$maj" -eq 3 ] && [ "$min" -ge 11 ]; } || return 1
      return 0
    fi
  done < "$VENV/pyvenv.cfg"
  return 0   # 读不出版本时不强行重建
}

PY=""
pick_python() {
  if command -v python3.11 >/dev/null 2>&1; then
    PY=python3.11
  elif command -v python3 >/dev/null 2>&1; then
    PY=python3
  else
    die "找不到 python3。请先安装 Python 3.11 或更高版本（Debian：sudo apt-get install -y python3 python3-venv）。"
  fi
  if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    die "需要 Python ≥ 3.11，当前 $PY 为 $("$PY" -V 2>&1 || echo 未知版本)。请安装 Python 3.11 后重试。"
  fi
}

NEED_VENV=0
venv_ok || NEED_VENV=1
if [ "$NEED_VENV" -eq 1 ]; then
  pick_python
fi

# ---------------------------------------------------------------- Debian 软件包

REQUIRED=("${BUILD_DEBS[@]}")
[ "$PROFILE" = test ] && REQUIRED+=("${TEST_DEBS[@]}")
# 仅供测试：GUIDEGEN_EXTRA_DEBS 追加包名（见文件头注释）。
if [ -n "${GUIDEGEN_EXTRA_DEBS:-}" ]; then
  read -r -a _extra <<< "$GUIDEGEN_EXTRA_DEBS"
  REQUIRED+=("${_extra[@]}")
fi
# Debian 自带的 python3 没有 ensurepip 时无法创建 venv：提前把 python3-venv 算进来，
# 这样非 root 用户只需复制一条命令。
if [ "$NEED_VENV" -eq 1 ] && ! "$PY" -c 'import ensurepip' >/dev/null 2>&1; then
  REQUIRED+=(python3-venv)
fi

apt_install() {
  say "正在安装 Debian 软件包：$*"
  apt-get update -qq
  apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "$@"
}

MISSING=()
if command -v dpkg-query >/dev/null 2>&1; then
  # 一次调用查询全部包；从未安装过的包 dpkg-query 会报错并返回 1，这里忽略。
  declare -A INSTALLED=()
  while read -r name status; do
    [ "$status" = "install ok installed" ] && INSTALLED["$name"]=1
  done < <(dpkg-query -W -f='${Package} ${Status}\n' "${REQUIRED[@]}" 2>/dev/null || true)
  for p in "${REQUIRED[@]}"; do
    [ -n "${INSTALLED[$p]:-}" ] || MISSING+=("$p")
  done

  if [ "${#MISSING[@]}" -gt 0 ]; then
    if is_root; then
      apt_install "${MISSING[@]}"
      for p in "${MISSING[@]}"; do
        case "$p" in
          fonts-*|fontconfig) say "正在刷新字体缓存 …"; fc-cache -f >/dev/null; break ;;
        esac
      done
    else
      {
        say "缺少以下 Debian 软件包（guidegen 的 $PROFILE 环境需要）：${MISSING[*]}"
        say "请复制并运行下面这一行命令安装（如提示找不到软件包，请先运行 sudo apt-get update）："
        say ""
        say "sudo apt-get install -y ${MISSING[*]}"
        say ""
        say "安装完成后重新运行 make。"
      } >&2
      exit 1
    fi
  fi
else
  warn "未找到 dpkg-query（看起来不是 Debian 系统），无法自动检查系统依赖。"
  warn "请自行安装以下软件包（或所在系统中的同等软件包）：${REQUIRED[*]}"
fi

# Debian's nodejs comes without npm (a separate package); NodeSource's nodejs includes it
# and conflicts with that package: ask for npm only when the command is missing.
if [ "$PROFILE" = test ] && ! command -v npm >/dev/null 2>&1; then
  if is_root; then
    apt_install npm
  else
    die "缺少 npm。请运行 sudo apt-get install -y npm 后重新运行 make。"
  fi
fi

# ---------------------------------------------------------------- 创建 venv

venv_hint() {
  local pyver
  pyver="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 3)"
  printf '错误：无法创建虚拟环境 .venv（%s 缺少 venv/ensurepip 支持）。\n' "$PY" >&2
  printf '请运行下面这一行命令后重试：\n\nsudo apt-get install -y python3-venv python%s-venv\n\n' "$pyver" >&2
}

make_venv() {
  rm -rf "$VENV"
  if "$PY" -m venv "$VENV"; then
    return 0
  fi
  rm -rf "$VENV"   # 失败时会留下没有 pip 的半成品，删掉以免下次误判
  return 1
}

if [ "$NEED_VENV" -eq 1 ]; then
  if [ -e "$VENV" ]; then
    say "现有的 .venv 不完整或 Python 版本过低，正在重新创建虚拟环境 .venv …"
  else
    say "正在创建虚拟环境 .venv …"
  fi
  if ! make_venv; then
    if ! "$PY" -c 'import ensurepip' >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
      if is_root; then
        apt_install python3-venv
        make_venv || die "已安装 python3-venv，但 $PY 仍无法创建虚拟环境（见上方输出）。请确认该 Python 带有 venv/ensurepip 支持（Debian 上对应 python3.X-venv 软件包）。"
      else
        venv_hint
        exit 1
      fi
    else
      die "用 $PY 创建虚拟环境 .venv 失败（见上方输出）。"
    fi
  fi
  "$VPY" -m pip install --quiet --disable-pip-version-check --upgrade pip \
    || warn "升级 pip 失败，继续使用 venv 自带的 pip。"
fi

# ---------------------------------------------------------------- Python 依赖

[ -f pyproject.toml ] || die "仓库根目录下没有 pyproject.toml。"

hash_stdin() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum | cut -d' ' -f1
  else
    shasum -a 256 | cut -d' ' -f1
  fi
}

WANT="$(
  {
    printf 'pip install -e %s\n' "$PIP_SPEC"
    cat pyproject.toml
    cat "$VENV/pyvenv.cfg"
  } | hash_stdin
)"
HAVE=""
[ -f "$STAMP" ] && HAVE="$(< "$STAMP")"

if [ "$WANT" != "$HAVE" ]; then
  say "正在安装 Python 依赖 …"
  rm -f "$STAMP"
  if ! "$VENV/bin/pip" install --quiet --disable-pip-version-check -e "$PIP_SPEC"; then
    die "安装 Python 依赖失败（见上方 pip 输出）。修复后重新运行即可。"
  fi
  printf '%s\n' "$WANT" > "$STAMP.tmp"
  mv -f "$STAMP.tmp" "$STAMP"
fi

# ---------------------------------------------------------------- 仿宋、楷体替代字体

# PDF 正文的仿宋、二级标题的楷体用 Fandol 字体（GPL + 字体例外条款）。Debian 只在
# texlive-lang-chinese（约 50 MB，连带整个 TeX Live）里带有它们，所以只下载这个 .deb、
# 取出两个字体文件，放到 fontconfig 查找的目录里，不安装 TeX Live。
# 取出后用 scripts/cid_order.py 把字形按 CID 重新编号（字形、度量、cmap 不变），PDF 才能只嵌入
# 用到的字形（见 guidegen/render/patches/pdffonts.py）；这一步需要 .venv 中的 fontTools，约 1 分钟，只做一次。
# 同时安装 fontconfig 别名：DOCX 中的正式字体名称（仿宋_GB2312、楷体_GB2312、黑体、宋体、
# 方正小标宋简体）在没有这些字体的电脑上由 LibreOffice 显示为同样的替代字体。
FANDOL_DIR=/usr/local/share/fonts/guidegen-fandol
FANDOL_FILES=(FandolFang-Regular.otf FandolKai-Regular.otf)
FONT_CONF_SRC=scripts/fontconfig/65-guidegen-official-names.conf
FONT_CONF=/etc/fonts/conf.d/65-guidegen-official-names.conf
FANDOL_STAMP="$FANDOL_DIR/.guidegen-stamp"

fandol_want() { cat scripts/cid_order.py "$FONT_CONF_SRC" | hash_stdin; }

fonts_ok() {
  local f
  for f in "${FANDOL_FILES[@]}"; do [ -f "$FANDOL_DIR/$f" ] || return 1; done
  cmp -s "$FONT_CONF_SRC" "$FONT_CONF" && [ "$(cat "$FANDOL_STAMP" 2>/dev/null)" = "$(fandol_want)" ]
}

install_fonts() {
  local tmp deb src
  tmp="$(mktemp -d)"
  chmod 755 "$tmp"   # apt-get download 以 _apt 用户写入
  say "正在下载 Fandol 仿宋、楷体字体（texlive-lang-chinese 软件包，只取字体文件）…"
  if ! (cd "$tmp" && apt-get download -q texlive-lang-chinese >/dev/null 2>&1); then
    apt-get update -qq
    (cd "$tmp" && apt-get download -q texlive-lang-chinese >/dev/null) \
      || { rm -rf "$tmp"; die "下载 texlive-lang-chinese 失败，无法取得 Fandol 字体。"; }
  fi
  deb="$(ls "$tmp"/texlive-lang-chinese_*.deb)"
  dpkg-deb -x "$deb" "$tmp/x"
  src="$tmp/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
  install -d "$FANDOL_DIR"
  say "正在把 Fandol 字体的字形按 CID 重新编号（约 1 分钟，只做一次）…"
  for f in "${FANDOL_FILES[@]}"; do
    "$VPY" scripts/cid_order.py "$src/$f" "$tmp/$f" || { rm -rf "$tmp"; die "处理字体 $f 失败。"; }
    install -m 644 "$tmp/$f" "$FANDOL_DIR/$f"
  done
  install -m 644 "$tmp/x/usr/share/doc/texlive-doc/fonts/fandol/README" "$FANDOL_DIR/README"
  install -m 644 "$tmp/x/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz" "$FANDOL_DIR/COPYING.gz"
  install -m 644 "$FONT_CONF_SRC" "$FONT_CONF"
  fandol_want > "$FANDOL_STAMP"
  rm -rf "$tmp"
  say "正在刷新字体缓存 …"
  fc-cache -f >/dev/null
}

if ! fonts_ok; then
  if ! command -v dpkg-deb >/dev/null 2>&1; then
    warn "不是 Debian 系统，请自行安装 FandolFang、FandolKai 字体（PDF 正文和二级标题的替代字体）。"
  elif is_root; then
    install_fonts
  else
    {
      say "缺少 Fandol 仿宋、楷体字体或字体别名配置（PDF 正文和二级标题需要）。"
      say "请以 root 运行一次：sudo bash scripts/bootstrap.sh $PROFILE"
    } >&2
    exit 1
  fi
fi

# ---------------------------------------------------------------- npm 包（仅 test）

if [ "$PROFILE" = test ]; then
  NODE_STAMP=node_modules/.guidegen-stamp
  NODE_WANT="$(cat package.json package-lock.json | hash_stdin)"
  NODE_HAVE=""
  [ -f "$NODE_STAMP" ] && NODE_HAVE="$(< "$NODE_STAMP")"
  if [ "$NODE_WANT" != "$NODE_HAVE" ]; then
    say "正在安装网站测试用的 npm 包（axe-core、vnu-jar）…"
    rm -f "$NODE_STAMP"
    # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; Debian's is used.
    if ! npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null; then
      die "安装 npm 包失败（见上方 npm 输出）。修复后重新运行即可。"
    fi
    printf '%s\n' "$NODE_WANT" > "$NODE_STAMP.tmp"
    mv -f "$NODE_STAMP.tmp" "$NODE_STAMP"
  fi
fi
