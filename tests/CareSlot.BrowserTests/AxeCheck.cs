using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace CareSlot.BrowserTests;

/// <summary>One axe-core violation: the rule, how bad, what it asks, and the elements that break it.</summary>
public sealed class AxeViolation
{
    public string Id { get; init; } = "";
    public string? Impact { get; init; }
    public string Help { get; init; } = "";
    public string[] Targets { get; init; } = [];
}

/// <summary>
/// Runs axe-core (the copy Deque.AxeCore pins) for WCAG 2.2 AA straight in the page. Deque's <c>RunAxe</c> opens a
/// blank page to finish every run across frames: 500 ms a call, measured, against 100 for axe itself, with 4 calls a page
/// in the page checks. Our pages have no frames, so the frame-merging buys nothing. The script is injected once per
/// page and survives resizes; a navigation drops it and the next check injects it again.
/// </summary>
public static class AxeCheck
{
    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("Deque.AxeCore.Commons no longer embeds axe.min.js under that name.");
        return new StreamReader(stream).ReadToEnd();
    });

    private const string RunWcagAa = """
        async () => {
          const result = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
            resultTypes: ['violations'],
          });
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')),
          }));
        }
        """;

    public static async Task<AxeViolation[]> WcagAaViolationsAsync(IPage view)
    {
        // Evaluated through the DevTools protocol, which the pages' Content-Security-Policy (script-src 'self') does not govern.
        if (!await view.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await view.EvaluateAsync(Source.Value);
        return await view.EvaluateAsync<AxeViolation[]>(RunWcagAa);
    }

    public static string Describe(string page, int width, AxeViolation[] violations) =>
        string.Join(Environment.NewLine, violations
            .SelectMany(v => v.Targets.Select(target => $"    {target}").Prepend($"- {v.Id} ({v.Impact}): {v.Help}"))
            .Prepend($"axe found {violations.Length} violation(s) on {page} @{width}px:"));
}
