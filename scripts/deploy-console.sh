#!/usr/bin/env bash
# Uploads the web console (console/assets, the files `local` embeds) to a deployed stack's
# ConsoleBucket under console/, then invalidates CloudFront's copies, so the console at the
# stack's ConsoleUrl is the one of this checkout. Run after `sam deploy`:
#   scripts/deploy-console.sh <stack-name>
set -euo pipefail
cd "$(dirname "$0")/.."
stack=${1:?usage: scripts/deploy-console.sh <stack-name>}
output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
bucket=$(output ConsoleBucketName)
distribution=$(output ConsoleDistributionId)
# Types set explicitly: the page's policy forbids sniffing (nosniff), so each file must say what it is.
aws s3 sync console/assets "s3://$bucket/console/" --delete --exclude '*' --include '*.html' --content-type 'text/html; charset=utf-8'
aws s3 sync console/assets "s3://$bucket/console/" --delete --exclude '*' --include '*.css' --content-type 'text/css; charset=utf-8'
aws s3 sync console/assets "s3://$bucket/console/" --delete --exclude '*' --include '*.js' --content-type 'text/javascript; charset=utf-8'
aws s3 sync console/assets "s3://$bucket/console/" --delete --exclude '*' --include '*.svg' --content-type 'image/svg+xml'
aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/console' '/console/*' >/dev/null
echo "console deployed: $(output ConsoleUrl)"
