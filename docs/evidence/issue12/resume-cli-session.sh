#!/bin/bash
# Manual CLI session: train, kill -9 mid-run, resume --json, show; compare with a straight run.
set -u
cd /work/wt-resume
export LATENT_LAB_HOME=$(mktemp -d)
CLI="node bin/latent-lab.js"
echo "\$ cat dense.json"; cat /tmp/dense.json
echo "\$ latent-lab train --config dense.json --json   # run 1: straight, 6 epochs"
$CLI train --config /tmp/dense.json --json | cut -c1-150
echo
echo "\$ latent-lab train --config dense.json --json &   # run 2: killed with SIGKILL once epoch 4 is printed (checkpoint of epoch 3 written)"
$CLI train --config /tmp/dense.json --json > /tmp/run2.out 2>&1 &
PID=$!
for i in $(seq 1 400); do grep -q '"epoch":4' /tmp/run2.out 2>/dev/null && break; sleep 0.02; done
kill -9 $PID; wait $PID 2>/dev/null; echo "[kill -9 $PID: exit status $?]"
cut -c1-150 /tmp/run2.out
echo
echo "\$ latent-lab runs"; $CLI runs | cut -c1-120
echo "\$ latent-lab resume 2 --json"
$CLI resume 2 --json | cut -c1-170; echo "[exit code ${PIPESTATUS[0]}]"
echo
echo "\$ latent-lab show 2   (metrics per epoch: 1..6, one row each)"
$CLI show 2 | grep -E '^run|^dataset|^ *[0-9]+ +(train|val)|^artifact' | cut -c1-140
echo
echo "final weights, run 1 (straight) vs run 2 (killed + resumed):"
for f in autoencoder/weights.bin encoder/weights.bin decoder/weights.bin training-state.bin; do
  a=$(sha256sum < $LATENT_LAB_HOME/runs/1/model/$f | cut -c1-16); b=$(sha256sum < $LATENT_LAB_HOME/runs/2/model/$f | cut -c1-16)
  echo "  $f  $a  $b  $([ "$a" = "$b" ] && echo identical || echo DIFFERENT)"
done
echo
echo "\$ latent-lab resume 2   (a completed run)"; $CLI resume 2; echo "[exit code $?]"
echo "\$ latent-lab resume 99"; $CLI resume 99; echo "[exit code $?]"
rm -rf $LATENT_LAB_HOME
