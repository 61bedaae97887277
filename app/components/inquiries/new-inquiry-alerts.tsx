import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "~/utils/use-translation";
import { useInquiryStream, type LiveEvent } from "~/components/live";

/** Whether this browser was asked to announce new inquiries (kept per browser, not per user). */
const NOTIFY_KEY = "crm.notify";

function beep() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.1;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.2);
  } catch {
    // Sound is a courtesy; a browser without audio still shows the notification.
  }
}

/** Follows the live inquiry stream; a new inquiry shows a desktop notification and beeps, when asked for. */
export function useNewInquiryAlerts() {
  const { t } = useTranslation();
  useInquiryStream(
    useCallback(
      (event: LiveEvent) => {
        if (event.type !== "created") return;
        if (localStorage.getItem(NOTIFY_KEY) === "1" && Notification.permission === "granted") {
          new Notification(t("inbox.newInquiryTitle"), { body: t("inbox.newInquiryBody"), tag: "crm-inquiry" });
          beep();
        }
      },
      [t],
    ),
  );
}

export function NotificationToggle() {
  const { t } = useTranslation();
  const [enabled, setEnabled] = useState(false);
  useEffect(() => setEnabled(localStorage.getItem(NOTIFY_KEY) === "1" && Notification.permission === "granted"), []);
  const toggle = async () => {
    if (enabled) {
      localStorage.removeItem(NOTIFY_KEY);
      setEnabled(false);
      return;
    }
    const permission = await Notification.requestPermission();
    if (permission === "granted") {
      localStorage.setItem(NOTIFY_KEY, "1");
      setEnabled(true);
    }
  };
  return (
    <button type="button" className="btn-secondary" onClick={toggle} aria-pressed={enabled}>
      {enabled ? t("inbox.notifyOff") : t("inbox.notifyOn")}
    </button>
  );
}
