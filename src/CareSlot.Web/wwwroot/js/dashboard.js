// Swaps in fresh dashboard figures every so often without reloading the page; without JavaScript the Refresh link does it.
const container = document.getElementById("dashboard-figures");

if (container) {
    const url = container.dataset.refreshUrl;
    const seconds = Number(container.dataset.refreshSeconds) || 30;

    async function refresh() {
        if (document.hidden) return;
        try {
            const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
            if (!response.ok) return;
            const html = await response.text();
            // Keep open tables open across the swap.
            const open = [...container.querySelectorAll("details[open]")].map(d => d.id);
            const fresh = new DOMParser().parseFromString(html, "text/html");
            container.replaceChildren(...fresh.body.childNodes);
            for (const id of open) document.getElementById(id)?.setAttribute("open", "");
        } catch {
            // Offline for a moment: the next round tries again.
        }
    }

    setInterval(refresh, seconds * 1000);
}
