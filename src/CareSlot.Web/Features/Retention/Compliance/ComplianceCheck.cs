namespace CareSlot.Web.Features.Retention.Compliance;

public enum ComplianceStatus
{
    Ok,
    Warn,
    Fail,
}

/// <summary>One line of `compliance-report`: what was checked, how it stands, and the value behind it (never personal data).</summary>
public sealed record ComplianceItem(string Name, ComplianceStatus Status, string Detail);

/// <summary>
/// One item of `compliance-report`. Registered in DI (<c>services.AddComplianceCheck&lt;T&gt;()</c>), so any feature adds
/// its own check: the report runs every registered one, each in its own scope.
/// </summary>
public interface IComplianceCheck
{
    Task<ComplianceItem> CheckAsync(CancellationToken ct);
}

public static class ComplianceCheckRegistration
{
    public static IServiceCollection AddComplianceCheck<TCheck>(this IServiceCollection services)
        where TCheck : class, IComplianceCheck =>
        services.AddScoped<IComplianceCheck, TCheck>();
}
