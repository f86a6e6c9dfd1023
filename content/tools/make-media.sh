#!/usr/bin/env bash
# make-media.sh — (re)make the narrated lesson videos and their Chinese WebVTT
# subtitles for the sample courses in content/courses/.
#
# The media files are committed to the repository; CI does NOT run this
# script. Run it by hand after changing a narration or a title, then commit
# the regenerated files together with the changed lesson files.
#
# NEEDS (Debian/Ubuntu):
#     apt-get install -y espeak-ng ffmpeg fonts-noto-cjk
# (espeak-ng for the voice, ffmpeg/ffprobe for audio, video and measuring,
#  Noto Sans CJK SC from fonts-noto-cjk for the title card; plus coreutils,
#  sed and awk.)
#
# RUN (from any directory):
#     bash content/tools/make-media.sh                  # every course
#     bash content/tools/make-media.sh fazhan-dangyuan  # only the named course(s)
#     bash content/tools/make-media.sh --no-write-durations ...
#
# INPUT, per lesson:
#     content/courses/<course>/media/<NN>-<lesson>.narration.txt
#   one subtitle cue (one spoken sentence) per line; blank lines and lines
#   starting with '#' are skipped. Use Chinese characters and Arabic digits
#   only — Latin letters would be read out as pinyin.
#   The titles on the card come from the `title:` line of
#   content/courses/<course>/course.yaml and of
#   content/courses/<course>/lessons/<NN>-<lesson>.md.
#
# OUTPUT, per lesson (overwritten on every run):
#     content/courses/<course>/media/<NN>-<lesson>.mp4        H.264 main/yuv420p
#         640x360 at 5 fps (a still title card) + AAC mono 48 kbit/s, faststart
#     content/courses/<course>/media/<NN>-<lesson>.zh-CN.vtt  one cue per line,
#         timed to the sample to the synthesized speech
#   and the real duration of each mp4 is printed. Unless --no-write-durations
#   is given, the `durationSeconds:` line of the lesson file is set to that
#   duration rounded up to whole seconds.
#
# HOW: each narration line is spoken by espeak-ng into its own WAV; its exact
# length is read from the WAV (samples / rate); every line is followed by a
# short pause (a longer one after the last line) and the clips are joined
# after a short lead-in. The cue of line i starts where its clip starts and
# ends where its clip ends (before the added pause). The title card is drawn
# once (ffmpeg's drawbox + libass via the `ass` filter; titles must not
# contain ASS braces `{}`) and looped as the video for exactly the length of
# the audio. The output is deterministic: re-running without changes gives
# byte-identical files.
#
# VOICE: Debian's espeak-ng 1.51 turns Chinese characters into tone-numbered
# pinyin; the plain `cmn` voice then reads that pinyin with English rules
# ("ru four dang three ..."). The `cmn-latn-pinyin` voice (also Mandarin,
# listed by `espeak-ng --voices=zh`) reads it as Mandarin, so it is the
# default. Override with ESPEAK_VOICE=... and ESPEAK_SPEED=... (words/min).
set -euo pipefail
export LC_ALL=C.UTF-8

VOICE="${ESPEAK_VOICE:-cmn-latn-pinyin}"
SPEED="${ESPEAK_SPEED:-175}"
RATE=22050            # espeak-ng's native sample rate
LEAD_MS=500           # silence before the first line
PAUSE_MS=300          # silence after each line
TAIL_MS=800           # silence after the last line (instead of PAUSE_MS)
FPS=5
FONT_FAMILY="Noto Sans CJK SC"
BG="0x8B1A1A"         # dark red
GOLD="0xF2C94C"
WRITE_DURATIONS=1

# Spoken-text fixes for words espeak-ng mispronounces (checked with
# `espeak-ng -v cmn-latn-pinyin -q -x "..."`). They change only what is
# spoken; the subtitles keep the written text. Format: written=spoken.
SAY_FIXES=(
  "分子=份子"     # 积极分子: fèn zǐ, espeak says fēn
  "列为=列维"     # wéi, espeak says wèi
  "期为=期维"     # 预备期为一年: wéi
)

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
COURSES_DIR="$(cd "$SCRIPT_DIR/../courses" && pwd)"

only=()
for arg in "$@"; do
  case "$arg" in
    --no-write-durations) WRITE_DURATIONS=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option: $arg" >&2; exit 2 ;;
    *) only+=("$arg") ;;
  esac
done

for tool in espeak-ng ffmpeg ffprobe fc-match awk sed; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (see the top of $0)" >&2; exit 1; }
done
if ! fc-match "$FONT_FAMILY:bold" | grep -q "Noto Sans CJK"; then
  echo "font '$FONT_FAMILY' not found: apt-get install -y fonts-noto-cjk" >&2; exit 1
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# value of a top-level `key:` line in a YAML file / front matter, quotes removed
yaml_value() { # file key
  sed -n "s/^$2:[[:space:]]*//p" "$1" | head -n 1 | sed -e 's/[[:space:]]*$//' \
    -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'\$/\1/"
}

# samples -> WebVTT timestamp HH:MM:SS.mmm
vtt_time() {
  awk -v s="$1" -v r="$RATE" 'BEGIN {
    ms = int(s * 1000 / r + 0.5);
    printf "%02d:%02d:%02d.%03d", int(ms / 3600000), int(ms / 60000) % 60, int(ms / 1000) % 60, ms % 1000 }'
}

# ASS font size for one line of text to fit in max_px, capped at cap
# (a CJK character set by libass is about 0.7 x the ASS font size wide)
fit_size() { # text max_px cap
  local n; n=$(printf '%s' "$1" | wc -m)
  awk -v n="$n" -v w="$2" -v c="$3" 'BEGIN { s = int(w / ((n > 0 ? n : 1) * 0.7)); print (s < c ? s : c) }'
}

# ASS colours are &HAABBGGRR
ass_colour() { # 0xRRGGBB [alpha 00-FF]
  local c="${1#0x}"; printf '&H%s%s%s%s' "${2:-00}" "${c:4:2}" "${c:2:2}" "${c:0:2}"
}

# Draws the 640x360 title card. The text is set by libass (the `ass` filter)
# so that fontconfig picks the Simplified-Chinese face of the Noto CJK
# collections, in bold where wanted (drawtext in ffmpeg 5 cannot choose a
# face inside a .ttc and would fall back to the Japanese one or to DejaVu).
make_card() { # course_title lesson_title out.png
  local s1 s2 y1 y2 yline ass="$WORK/card.ass"
  s1=$(fit_size "$1" 540 50); s2=$(fit_size "$2" 560 34)
  y1=128; yline=$((y1 + s1 + 22)); y2=$((yline + 26))
  local gold white hint
  gold="$(ass_colour "$GOLD")"; white="$(ass_colour 0xFFFFFF)"; hint="$(ass_colour 0xFFFFFF 40)"
  cat >"$ass" <<ASS
[Script Info]
ScriptType: v4.00+
PlayResX: 640
PlayResY: 360
WrapStyle: 2
ScaledBorderAndShadow: yes

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Brand,$FONT_FAMILY,18,$gold,$gold,&H00000000,&H00000000,0,0,0,0,100,100,2,0,1,0,0,8,0,0,0,1
Style: Course,$FONT_FAMILY,$s1,$gold,$gold,&H00000000,&H00000000,-1,0,0,0,100,100,2,0,1,0,0,8,0,0,0,1
Style: Lesson,$FONT_FAMILY,$s2,$white,$white,&H00000000,&H00000000,-1,0,0,0,100,100,0,0,1,0,0,8,0,0,0,1
Style: Hint,$FONT_FAMILY,16,$hint,$hint,&H00000000,&H00000000,0,0,0,0,100,100,1,0,1,0,0,8,0,0,0,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.00,0:00:10.00,Brand,,0,0,0,,{\pos(320,46)}四环 · 党员远程教育 · 党课
Dialogue: 0,0:00:00.00,0:00:10.00,Course,,0,0,0,,{\pos(320,$y1)}$1
Dialogue: 0,0:00:00.00,0:00:10.00,Lesson,,0,0,0,,{\pos(320,$y2)}$2
Dialogue: 0,0:00:00.00,0:00:10.00,Hint,,0,0,0,,{\pos(320,292)}带着思考题观看
ASS
  ffmpeg -v error -y -f lavfi -i "color=c=${BG}:s=640x360:d=1" -frames:v 1 -vf "\
drawbox=x=24:y=24:w=592:h=312:color=${GOLD}@0.9:t=2,\
drawbox=x=200:y=${yline}:w=240:h=2:color=${GOLD}:t=fill,\
ass=filename=$ass" "$3"
}

samples_of() { # wav -> number of samples
  ffprobe -v error -select_streams a:0 -show_entries stream=duration_ts -of csv=p=0 "$1"
}

ms_to_samples() { echo $(( $1 * RATE / 1000 )); }

process_lesson() { # course_dir narration_file
  local cdir="$1" narr="$2"
  local base; base="$(basename "$narr" .narration.txt)"       # NN-lesson-slug
  local media="$cdir/media" lesson_md="$cdir/lessons/$base.md"
  [[ -f "$lesson_md" ]] || { echo "no lesson file for $narr (expected $lesson_md)" >&2; exit 1; }
  local course_title lesson_title
  course_title="$(yaml_value "$cdir/course.yaml" title)"
  lesson_title="$(yaml_value "$lesson_md" title)"

  local lw="$WORK/$base"; rm -rf "$lw"; mkdir -p "$lw"
  local lead pause tail; lead=$(ms_to_samples $LEAD_MS); pause=$(ms_to_samples $PAUSE_MS); tail=$(ms_to_samples $TAIL_MS)

  # 1. speak every line, measure it
  local -a lines=() lens=()
  local line i=0
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line%$'\r'}"
    [[ -z "${line//[[:space:]]/}" || "$line" == \#* ]] && continue
    local say="$line" fix
    for fix in "${SAY_FIXES[@]}"; do say="${say//"${fix%%=*}"/"${fix#*=}"}"; done
    espeak-ng -v "$VOICE" -s "$SPEED" -w "$lw/line$i.wav" -- "$say"
    lines+=("$line"); lens+=("$(samples_of "$lw/line$i.wav")")
    i=$((i + 1))
  done <"$narr"
  local n=$i
  (( n > 0 )) || { echo "empty narration: $narr" >&2; exit 1; }

  # 2. join: lead-in, each line followed by its pause; write the cues
  local vtt="$media/$base.zh-CN.vtt"
  local -a inputs=(-f lavfi -i "anullsrc=r=$RATE:cl=mono")
  local filter="[0:a]atrim=end_sample=$lead[lead];" labels="[lead]" pos=$lead pad
  {
    printf 'WEBVTT\n\n'
    for (( i = 0; i < n; i++ )); do
      pad=$pause; (( i == n - 1 )) && pad=$tail
      printf '%d\n%s --> %s\n%s\n\n' $((i + 1)) "$(vtt_time $pos)" "$(vtt_time $((pos + lens[i])))" "${lines[i]}"
      inputs+=(-i "$lw/line$i.wav")
      filter+="[$((i + 1)):a]aformat=sample_fmts=s16:sample_rates=$RATE:channel_layouts=mono,apad=pad_len=$pad[a$i];"
      labels+="[a$i]"
      pos=$((pos + lens[i] + pad))
    done
  } >"$vtt"
  local total=$pos
  filter+="${labels}concat=n=$((n + 1)):v=0:a=1[joined]"
  ffmpeg -v error -y "${inputs[@]}" -filter_complex "$filter" -map "[joined]" -c:a pcm_s16le "$lw/audio.wav"
  local got; got="$(samples_of "$lw/audio.wav")"
  [[ "$got" == "$total" ]] || { echo "$base: audio has $got samples, expected $total" >&2; exit 1; }

  # 3. title card and video
  make_card "$course_title" "$lesson_title" "$lw/card.png"
  local secs; secs=$(awk -v s="$total" -v r="$RATE" 'BEGIN { printf "%.3f", s / r }')
  local mp4="$media/$base.mp4"
  ffmpeg -v error -y -loop 1 -framerate $FPS -i "$lw/card.png" -i "$lw/audio.wav" \
    -map 0:v -map 1:a -t "$secs" \
    -c:v libx264 -profile:v main -pix_fmt yuv420p -tune stillimage -crf 30 -preset veryslow \
    -r $FPS -g $((FPS * 10)) \
    -c:a aac -ac 1 -ar 44100 -b:a 48k \
    -map_metadata -1 -metadata title="$course_title · $lesson_title" -metadata:s:a:0 language=zho \
    -movflags +faststart "$mp4"

  # 4. report (and record) the real duration
  local dur size whole
  dur="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$mp4")"
  size="$(wc -c <"$mp4")"
  whole=$(awk -v d="$dur" 'BEGIN { w = int(d); if (d > w) w++; print w }')
  printf '%-48s %8.3f s  (durationSeconds: %d)  %7d bytes  %d cues\n' \
    "${mp4#"$COURSES_DIR/"}" "$dur" "$whole" "$size" "$n"
  if (( WRITE_DURATIONS )); then
    sed -i "0,/^durationSeconds:.*/s//durationSeconds: $whole/" "$lesson_md"
    grep -q "^durationSeconds: $whole\$" "$lesson_md" || echo "  warning: no durationSeconds line in $lesson_md" >&2
  fi
}

shopt -s nullglob
found=0
for cdir in "$COURSES_DIR"/*/; do
  cdir="${cdir%/}"; slug="$(basename "$cdir")"
  if (( ${#only[@]} )); then
    keep=0; for o in "${only[@]}"; do [[ "$o" == "$slug" ]] && keep=1; done
    (( keep )) || continue
  fi
  [[ -f "$cdir/course.yaml" ]] || continue
  for narr in "$cdir"/media/*.narration.txt; do
    process_lesson "$cdir" "$narr"; found=$((found + 1))
  done
done
(( found > 0 )) || { echo "no narration files found under $COURSES_DIR" >&2; exit 1; }
echo "made $found lesson video(s) with voice $VOICE at speed $SPEED"
