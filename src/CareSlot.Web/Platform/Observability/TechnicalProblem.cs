using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace CareSlot.Web.Platform.Observability;

public enum TechnicalProblemKind
{
    /// <summary>An iteration of one of our background services threw; <see cref="TechnicalProblem.Source"/> names the service.</summary>
    BackgroundWork,

    /// <summary>A request ended in an unhandled exception; <see cref="TechnicalProblem.Source"/> is the method and route template.</summary>
    UnhandledError,
}

/// <summary>
/// One failure, for administrators' problems page. Never the exception's message, the request's query or body: those may
/// carry health data. Only the exception's type (and its inner ones'), and the top frames of our own code.
/// </summary>
public sealed class TechnicalProblem
{
    public const int SourceMaxLength = 300;
    public const int ExceptionTypeMaxLength = 300;
    public const int SummaryMaxLength = 1000;
    public const int StackMaxLength = 2000;
    public const int CorrelationIdMaxLength = 128;

    public long Id { get; private set; }
    public TechnicalProblemKind Kind { get; private set; }
    public Instant At { get; private set; }
    public string Source { get; private set; }
    public string ExceptionType { get; private set; }

    /// <summary>The chain of exception types, outermost first, with codes that name no data (SQL states).</summary>
    public string Summary { get; private set; }

    /// <summary>The innermost exception's first frames in CareSlot's code, one a line.</summary>
    public string StackTop { get; private set; }

    /// <summary>The id the user saw on their error page (and an API caller as <c>traceId</c>); null for background work.</summary>
    public string? CorrelationId { get; private set; }

    public TechnicalProblem(TechnicalProblemKind kind, Instant at, string source, string exceptionType, string summary, string stackTop,
        string? correlationId)
    {
        Kind = kind;
        At = at;
        Source = Truncate(source, SourceMaxLength);
        ExceptionType = Truncate(exceptionType, ExceptionTypeMaxLength);
        Summary = Truncate(summary, SummaryMaxLength);
        StackTop = Truncate(stackTop, StackMaxLength);
        CorrelationId = correlationId is null ? null : Truncate(correlationId, CorrelationIdMaxLength);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

public sealed class TechnicalProblemConfiguration : IEntityTypeConfiguration<TechnicalProblem>
{
    public void Configure(EntityTypeBuilder<TechnicalProblem> builder)
    {
        builder.ToTable("TechnicalProblems");
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Source).HasMaxLength(TechnicalProblem.SourceMaxLength);
        builder.Property(p => p.ExceptionType).HasMaxLength(TechnicalProblem.ExceptionTypeMaxLength);
        builder.Property(p => p.Summary).HasMaxLength(TechnicalProblem.SummaryMaxLength);
        builder.Property(p => p.StackTop).HasMaxLength(TechnicalProblem.StackMaxLength);
        builder.Property(p => p.CorrelationId).HasMaxLength(TechnicalProblem.CorrelationIdMaxLength);
        // The page's lists (newest of a kind first) and the pruning of old rows; the search by the id a user reports.
        builder.HasIndex(p => new { p.Kind, p.Id });
        builder.HasIndex(p => p.At);
        builder.HasIndex(p => p.CorrelationId);
    }
}
