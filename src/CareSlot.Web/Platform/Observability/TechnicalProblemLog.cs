using System.Data.Common;
using System.Diagnostics;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Platform.Observability;

/// <summary>
/// Writes failures to <see cref="TechnicalProblem"/> rows for the administrators' problems page, each in its own scope (the
/// failing work's context may be in a broken transaction), and keeps the table small: rows older than
/// <see cref="KeptFor"/> and beyond the newest <see cref="MaxRows"/> go with every write, so a storm of errors cannot fill the disk.
/// Recording never throws: a failure to write one is logged and forgotten.
/// </summary>
public sealed partial class TechnicalProblemLog(IServiceScopeFactory scopes, IClock clock, ILogger<TechnicalProblemLog> logger)
{
    public static readonly Duration KeptFor = Duration.FromDays(30);
    public const int MaxRows = 10_000;
    private const int OurFrames = 6;

    /// <param name="service">The background service's type name, e.g. <c>OutboxDispatcher</c>.</param>
    public Task RecordBackgroundFailureAsync(string service, Exception exception, CancellationToken ct) =>
        RecordAsync(TechnicalProblemKind.BackgroundWork, service, exception, null, ct);

    /// <param name="source">The request's method and route template, e.g. <c>GET /api/v1/doctors/{id}</c>: never its path or query.</param>
    public Task RecordUnhandledErrorAsync(string source, string correlationId, Exception exception, CancellationToken ct) =>
        RecordAsync(TechnicalProblemKind.UnhandledError, source, exception, correlationId, ct);

    private async Task RecordAsync(TechnicalProblemKind kind, string source, Exception exception, string? correlationId, CancellationToken ct)
    {
        try
        {
            var now = clock.GetCurrentInstant();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
            var problem = new TechnicalProblem(kind, now, source, exception.GetType().FullName ?? exception.GetType().Name, Chain(exception),
                StackTop(exception), correlationId);
            db.TechnicalProblems.Add(problem);
            await db.SaveChangesAsync(ct);
            var tooOld = now - KeptFor;
            var beyondLimit = problem.Id - MaxRows;
            await db.TechnicalProblems.Where(p => p.At < tooOld || p.Id <= beyondLimit).ExecuteDeleteAsync(ct);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            LogRecordFailed(failure);
        }
        catch (OperationCanceledException)
        {
            // Shutting down or the request went away: the log has the failure already.
        }
    }

    /// <summary>The exception types from the outermost in, with SQL states: names and codes only, never a message.</summary>
    internal static string Chain(Exception exception)
    {
        var parts = new List<string>();
        for (var current = exception; current is not null && parts.Count < 8; current = current.InnerException)
        {
            parts.Add(current is DbException { SqlState: { Length: > 0 } state } ? $"{current.GetType().Name} (SQL state {state})" : current.GetType().Name);
        }
        return string.Join(" ← ", parts);
    }

    /// <summary>The first frames in CareSlot's own code, innermost exception first: where to look, without the framework's noise.</summary>
    internal static string StackTop(Exception exception)
    {
        var chain = new List<Exception>();
        for (var current = exception; current is not null && chain.Count < 8; current = current.InnerException) chain.Add(current);
        var frames = new List<string>();
        foreach (var thrown in Enumerable.Reverse(chain))
        {
            foreach (var frame in new StackTrace(thrown, fNeedFileInfo: true).GetFrames())
            {
                if (Describe(frame) is { } line && !frames.Contains(line)) frames.Add(line);
                if (frames.Count == OurFrames) return string.Join('\n', frames);
            }
        }
        return string.Join('\n', frames);
    }

    private static string? Describe(StackFrame frame)
    {
        if (frame.GetMethod() is not { DeclaringType: { } type } method) return null;
        var name = method.Name;
        // An async method runs in a compiler-made state machine nested in its class: <HandleAsync>d__3.MoveNext.
        if (type.Name.StartsWith('<') && type.DeclaringType is { } owner)
        {
            name = type.Name[1..type.Name.IndexOf('>', StringComparison.Ordinal)];
            type = owner;
        }
        if (type.FullName is not { } typeName || !typeName.StartsWith("CareSlot.", StringComparison.Ordinal)) return null;
        var line = frame.GetFileLineNumber();
        return line > 0 ? $"{typeName}.{name} ({Path.GetFileName(frame.GetFileName())}:{line})" : $"{typeName}.{name}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording a technical problem for the administrators failed")]
    private partial void LogRecordFailed(Exception exception);
}
