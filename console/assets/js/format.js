// Numbers and times as the console shows them.

export function usd(value, digits) {
  const v = Number(value) || 0;
  // Small amounts keep their significant digits: a saving of $0.00004 is not "$0.0000".
  const d = digits ?? (v === 0 ? 2 : Math.abs(v) < 0.01 ? 6 : Math.abs(v) < 1 ? 4 : 2);
  return `$${v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d })}`;
}

export function int(value) {
  return (Number(value) || 0).toLocaleString("en-US");
}

export function pct(value, digits = 1) {
  return `${(Number(value) || 0).toFixed(digits)} %`;
}

export function time(iso) {
  if (!iso) return "–";
  return new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function dateTime(iso) {
  if (!iso) return "–";
  const d = new Date(iso);
  return `${d.toLocaleDateString("en-CA")} ${time(iso)}`;
}

export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** Machine time, which for a short task is a fraction of a second. */
export function seconds(value) {
  const v = Number(value) || 0;
  return v < 60 ? `${v.toFixed(v < 10 ? 3 : 1)} s` : duration(v);
}

export function shortId(id) {
  // Ids begin with their creation time, so their end tells them apart.
  return id ? id.slice(-8) : "–";
}
