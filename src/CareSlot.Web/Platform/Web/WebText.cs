namespace CareSlot.Web.Platform.Web;

/// <summary>
/// The words the platform answers with before any feature runs: problem titles (the framework's too), refused input,
/// unreadable requests, rate limits. WebText.resx holds them, a file per language beside it (ADR 0012).
/// </summary>
public sealed class WebText;
