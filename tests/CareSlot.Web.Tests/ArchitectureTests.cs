using CareSlot.Scheduling;
using NetArchTest.Rules;

namespace CareSlot.Web.Tests;

/// <summary>
/// The dependency rules of docs/architecture.md, checked on the compiled code. The feature table is today's graph,
/// a ratchet: a feature may not start to depend on one it does not depend on already. Issue 15 shrinks it (a
/// feature folder for a doctor's time as others see it removes the Appointments ↔ Schedules cycle).
/// </summary>
public sealed class ArchitectureTests
{
    private const string Features = "CareSlot.Web.Features";

    /// <summary>
    /// Which features each feature may use (its pages and views included: Razor compiles them into the folder's
    /// namespace). The root namespace (Outcome&lt;T&gt;, UseCaseProblem, form helpers) may be used by all.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedFeatureDependencies = new Dictionary<string, string[]>
    {
        ["Accounts"] = ["Doctors", "Notifications"],
        ["Admin"] = ["Accounts", "Doctors", "Notifications"],
        ["Appointments"] = ["Accounts", "Doctors", "Schedules"],
        ["Doctors"] = ["Accounts", "Schedules"],
        ["Notifications"] = ["Accounts", "Appointments", "Doctors", "Schedules"],
        ["Schedules"] = ["Accounts", "Appointments", "Doctors"],
        // The layout folder's views; its search form partial shows the directory's search (Doctors' SearchFormModel).
        ["Shared"] = ["Doctors"],
    };

    /// <summary>Platform is machinery without feature rules; these parts still reach into features, and say why.</summary>
    public static readonly IReadOnlyDictionary<string, string> PlatformPartsThatUseFeatures = new Dictionary<string, string>
    {
        ["CareSlot.Web.Platform.Data"] = "CareSlotDb lists every feature's entities, and its interceptors are the outbox's and the caches' (issue 15, step 3)",
        ["CareSlot.Web.Platform.Operations"] = "the create-admin verb calls the Accounts use case",
    };

    public static TheoryData<string> FeatureNames => [.. AllowedFeatureDependencies.Keys];

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void Feature_DependsOnlyOnTheFeaturesItMay(string feature)
    {
        var forbidden = AllowedFeatureDependencies.Keys
            .Where(other => other != feature && !AllowedFeatureDependencies[feature].Contains(other))
            .Select(other => $"{Features}.{other}")
            .ToArray();

        var result = Types.InAssembly(typeof(Program).Assembly).That().ResideInNamespace($"{Features}.{feature}")
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{feature} may use only {string.Join(", ", AllowedFeatureDependencies[feature])} (and Shared); these types use another feature: " +
            Failing(result));
    }

    [Fact]
    public void EveryFeatureFolder_HasARowInTheTable()
    {
        var features = typeof(Program).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns?.StartsWith(Features + ".", StringComparison.Ordinal) == true)
            .Select(ns => ns![(Features.Length + 1)..].Split('.')[0])
            .Distinct()
            .Order()
            .ToList();

        Assert.Equal(AllowedFeatureDependencies.Keys.Order(), features);
    }

    [Fact]
    public void Platform_DoesNotUseFeatures_ExceptWhereListed()
    {
        var result = Types.InAssembly(typeof(Program).Assembly).That().ResideInNamespace("CareSlot.Web.Platform")
            .And().DoNotResideInNamespaceMatching(string.Join('|', PlatformPartsThatUseFeatures.Keys.Select(n => "^" + n.Replace(".", "\\.", StringComparison.Ordinal))))
            .ShouldNot().HaveDependencyOnAny(Features).GetResult();

        Assert.True(result.IsSuccessful, "Platform types that use a feature: " + Failing(result));
    }

    [Fact]
    public void SchedulingCore_KnowsNeitherAspNetCoreNorEfCore()
    {
        var result = Types.InAssembly(typeof(SlotFinder).Assembly)
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Microsoft.Extensions", "CareSlot.Web")
            .GetResult();

        Assert.True(result.IsSuccessful, "The scheduling core uses the web or the database: " + Failing(result));
    }

    private static string Failing(NetArchTest.Rules.TestResult result) => string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []);
}
