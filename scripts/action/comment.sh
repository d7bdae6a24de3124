#!/usr/bin/env bash
# Posts the plan as a pull-request comment, or updates the one this action posted before.
# The comment starts with a hidden marker that names the target,
#
#   <!-- influxsync-plan target=NAME -->
#
# so each target has exactly one comment per pull request, found again on every push (never
# another workflow's comment, never the other target's). When the plan failed or did not run,
# the comment says so and shows the error, so an old "no changes" comment never stays.
#
# Environment: GH_TOKEN, GITHUB_REPOSITORY, PR (the pull-request number), TARGET (the name in
# the marker; "default" when empty), EXIT_CODE (influxsync's exit status; empty when it did not
# run), PLAN_MARKDOWN (the Markdown plan), PLAN_STDERR (its standard error), RUN_URL (the job's
# log). Needs `gh` (preinstalled on GitHub's runners).
set -euo pipefail

target=${TARGET:-default}
if ! [[ "$target" =~ ^[A-Za-z0-9_.-]+$ ]]; then
    echo "error: target '$target' may hold only letters, digits, '_', '.' and '-'" >&2
    exit 1
fi
marker="<!-- influxsync-plan target=$target -->"
repo=${GITHUB_REPOSITORY:?}
pr=${PR:?}
code=${EXIT_CODE:-}
limit=65000   # GitHub refuses comments over 65,536 characters; leave room for the header

body=$(mktemp)
trap 'rm -f "$body"' EXIT
{
    echo "$marker"
    if [ "$target" != default ]; then
        echo "**Target \`$target\`**"
        echo
    fi
    if { [ "$code" = 0 ] || [ "$code" = 2 ]; } && [ -s "${PLAN_MARKDOWN:-}" ]; then
        if [ "$(wc -c < "$PLAN_MARKDOWN")" -gt "$limit" ]; then
            head -c "$limit" "$PLAN_MARKDOWN"
            echo
            echo
            echo "_The plan was cut to fit a comment; the job summary has all of it._"
        else
            cat "$PLAN_MARKDOWN"
        fi
    else
        echo "## influxsync plan failed"
        echo
        if [ -z "$code" ]; then
            echo "influxsync did not run (an earlier step failed), so there is no plan for this commit."
        else
            echo "\`influxsync plan\` exited with status $code, so there is no plan for this commit."
        fi
        if [ -s "${PLAN_STDERR:-}" ]; then
            echo
            echo '~~~~text'
            printf '%s\n' "$(tail -n 40 "$PLAN_STDERR" | cut -c 1-500)"
            echo '~~~~'
        fi
        if [ -n "${RUN_URL:-}" ]; then
            echo
            echo "See the [job log]($RUN_URL)."
        fi
    fi
} > "$body"

# The first comment of the pull request that starts with this target's marker.
id=$(gh api --paginate "repos/$repo/issues/$pr/comments" \
        --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | sed -n 1p)
if [ -n "$id" ]; then
    gh api --method PATCH "repos/$repo/issues/comments/$id" -F "body=@$body" --silent
    echo "Updated the plan comment $id (target $target)"
else
    gh api --method POST "repos/$repo/issues/$pr/comments" -F "body=@$body" --silent
    echo "Posted the plan comment (target $target)"
fi
