// Reads barcodes and QR codes with the phone's camera where the browser can (the Barcode
// Detection API), appending each new code as a line of the field the button names.
(function () {
  "use strict";
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  document.querySelectorAll("[data-camera]").forEach(function (button) {
    var field = document.getElementById(button.dataset.camera);
    var video = document.createElement("video");
    video.setAttribute("playsinline", "");
    video.hidden = true;
    button.after(video);
    var stream = null, seen = new Set();
    var detector = new window.BarcodeDetector();
    function stop() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null; video.hidden = true; button.textContent = button.dataset.start;
    }
    async function look() {
      if (!stream) return;
      try {
        (await detector.detect(video)).forEach(function (code) {
          if (seen.has(code.rawValue)) return;
          seen.add(code.rawValue);
          field.value += (field.value && !field.value.endsWith("\n") ? "\n" : "") + code.rawValue + "\n";
        });
      } catch (e) { /* a frame the detector cannot read yet */ }
      setTimeout(look, 250);
    }
    button.hidden = false;
    button.addEventListener("click", async function () {
      if (stream) return stop();
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream; video.hidden = false; await video.play();
      button.textContent = button.dataset.stop;
      look();
    });
  });
})();
