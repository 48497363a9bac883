using CareSlot.Scheduling;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NetArchTest.Rules;

namespace CareSlot.Web.Tests;

/// <summary>The dependency rules of docs/architecture.md ("Dependencies between features"), checked on the compiled code.</summary>
public sealed class ArchitectureTests
{
    private const string Features = "CareSlot.Web.Features";

    /// <summary>
    /// Whose behaviour (use cases, services, pages, views) each feature may use; the root namespace (Outcome&lt;T&gt;,
    /// UseCaseProblem, form helpers) serves all. Entities are the one schema every feature reads through
    /// <see cref="CareSlotDb"/>, so they are not edges here (<see cref="EntityTypes"/>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedFeatureDependencies = new Dictionary<string, string[]>
    {
        ["Accounts"] = ["Notifications"],
        // Clinics' administration refreshes the directory's caches (DoctorTime) and reads phone numbers as accounts do (Accounts).
        // Schedule oversight moves and cancels through the appointments' own use cases (Appointments) and marks an absence
        // through the schedule's time off (Schedules).
        // Review moderation calls the reviews' own use cases and queries (Reviews); the FAQ's administration (Admin/Faq) edits
        // entries through Help's use cases.
        // The survey administration (Admin/Surveys) builds, sends and reads surveys through Surveys' use cases and queries.
        // The record of processing (Admin/Compliance) names the sub-processors from the transports' own settings (Notifications,
        // HelpDesk's support mailbox).
        ["Admin"] = ["Accounts", "Appointments", "Disputes", "Doctors", "DoctorTime", "Help", "HelpDesk", "Notifications", "Reviews", "Schedules", "Surveys"],
        ["Appointments"] = ["Accounts", "DoctorTime"],
        // Consents read the notice's version (AccountOptions) and keep the profile's SMS reminder choice (ISmsReminderChoice).
        // The outbox, surveys and live chat read consent records as entities (ConsentRecord.Withdrawn), no arrow.
        ["Consents"] = ["Accounts"],
        // Disputes reuse messaging's file checks and uploads, clear a no-show through Appointments, and queue their notices.
        ["Disputes"] = ["Accounts", "Appointments", "Messaging", "Notifications"],
        // The public profile shows the doctor's published reviews through Reviews' query.
        ["Doctors"] = ["Accounts", "DoctorTime", "Reviews"],
        // The help desk answers at an account's address (Accounts) and sends its e-mails through the outbox (Notifications);
        // support books, moves and cancels for a patient through the appointments' own use cases (Appointments), on a week of
        // free times (DoctorTime), with the doctor found in the directory (Doctors); files are checked and served as messaging's are.
        ["HelpDesk"] = ["Accounts", "Appointments", "Doctors", "DoctorTime", "Messaging", "Notifications"],
        // Live chat's agents are the help desk's, and its times are shown in the help desk team's zone (HelpDeskOptions).
        ["LiveChat"] = ["HelpDesk"],
        ["DoctorTime"] = ["Accounts"],
        ["Help"] = [],
        ["Guides"] = [],
        ["Messaging"] = ["Accounts", "Notifications", "Records"],
        ["Notifications"] = [],
        // Privacy exports the medical history through the records' own export (Records) and the access log (Accounts), reads
        // the other features' rows as entities with their sealed-column names (constants, no arrow), cancels through the
        // appointments' own use case, ends sessions as Accounts does, and sends the erasure confirmation through the outbox; its
        // open requests are an item of Retention's compliance report; the export lists the consent records through Consents' ledger.
        ["Privacy"] = ["Accounts", "Appointments", "Consents", "Notifications", "Records", "Retention"],
        ["Records"] = ["Accounts", "Appointments"],
        // Reviews find the caller (Viewer) and queue their notices through the outbox.
        ["Reviews"] = ["Accounts", "Notifications"],
        ["Schedules"] = ["Accounts", "DoctorTime"],
        // Retention deletes and anonymises other features' rows at their period's end, as entities only (docs/security.md "Retention").
        ["Retention"] = [],
        // The layout folder's views; its search form partial shows the directory's search (Doctors' request type), the navigation
        // the unread messages (Messaging's count).
        ["Shared"] = ["Doctors", "Messaging"],
        // Surveys queue their invitations through the outbox; accounts, roles and completed visits they read as entities.
        ["Surveys"] = ["Notifications"],
    };

    /// <summary>Platform is machinery without feature rules; these parts still reach into features, and say why.</summary>
    public static readonly IReadOnlyDictionary<string, string> PlatformPartsThatUseFeatures = new Dictionary<string, string>
    {
        ["CareSlot.Web.Platform.Data"] = "CareSlotDb lists every feature's entities (the one schema); its interceptors come from the features through DI",
        ["CareSlot.Web.Platform.Operations"] = "the create-admin verb calls the Accounts use case; retention, compliance-report and breach-report run Retention's",
    };

    /// <summary>
    /// The feature's namespace and those under it, and no other: ResideInNamespace matches by prefix, so "Help" would also
    /// take in "HelpDesk".
    /// </summary>
    private static string FeatureNamespace(string feature) => $@"^{System.Text.RegularExpressions.Regex.Escape($"{Features}.{feature}")}(\.|$)";

    public static TheoryData<string> FeatureNames => [.. AllowedFeatureDependencies.Keys];

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void Feature_UsesOnlyTheBehaviourOfTheFeaturesItMay(string feature)
    {
        var forbidden = FeatureTypes()
            .Where(t => t.Feature != feature && !AllowedFeatureDependencies[feature].Contains(t.Feature) && !EntityTypes.Value.Contains(t.Type))
            .Select(t => t.Type.FullName!)
            .ToArray();

        var result = Types.InAssembly(typeof(Program).Assembly).That().ResideInNamespaceMatching(FeatureNamespace(feature))
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{feature} may use only {string.Join(", ", AllowedFeatureDependencies[feature])} (and Shared, and any " +
            "feature's entities); these types use another feature's behaviour: " + Explained(result, feature, forbidden));
    }

    /// <summary>Each failing type with what it uses, so the message says which edge a change added.</summary>
    private static string Explained(NetArchTest.Rules.TestResult result, string feature, string[] forbidden)
    {
        if (result.IsSuccessful) return "";
        var uses = forbidden.SelectMany(used => (Types.InAssembly(typeof(Program).Assembly).That().ResideInNamespaceMatching(FeatureNamespace(feature))
                .ShouldNot().HaveDependencyOnAny(used).GetResult().FailingTypes ?? []).Select(type => (User: type.FullName, Used: used)))
            .GroupBy(u => u.User, u => u.Used);
        return string.Join("; ", uses.Select(u => $"{u.Key} uses {string.Join(", ", u)}"));
    }

    /// <summary>
    /// The table is the graph, not a ceiling above it: an arrow nothing uses is taken out, so the picture stays true.
    /// Constants (policy names, roles) are compiled into the code that uses them, so they draw no arrow.
    /// </summary>
    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void Feature_UsesEveryFeatureItMay(string feature)
    {
        var unused = AllowedFeatureDependencies[feature].Where(other =>
        {
            var behaviour = FeatureTypes().Where(t => t.Feature == other && !EntityTypes.Value.Contains(t.Type)).Select(t => t.Type.FullName!).ToArray();
            return Types.InAssembly(typeof(Program).Assembly).That().ResideInNamespaceMatching(FeatureNamespace(feature))
                .ShouldNot().HaveDependencyOnAny(behaviour).GetResult().IsSuccessful;
        }).ToList();

        Assert.True(unused.Count == 0, $"{feature} no longer uses {string.Join(", ", unused)}: take the arrow out of the table and of docs/architecture.md.");
    }

    [Fact]
    public void AllowedDependencies_HaveNoCycle()
    {
        var cycles = AllowedFeatureDependencies.Keys.Where(feature => Reaches(feature, feature, [])).ToList();
        Assert.True(cycles.Count == 0, "These features reach themselves through the table: " + string.Join(", ", cycles));

        static bool Reaches(string from, string target, HashSet<string> seen) =>
            AllowedFeatureDependencies[from].Any(next => next == target || (seen.Add(next) && Reaches(next, target, seen)));
    }

    [Fact]
    public void EveryFeatureFolder_HasARowInTheTable()
    {
        Assert.Equal(AllowedFeatureDependencies.Keys.Order(), FeatureTypes().Select(t => t.Feature).Distinct().Order());
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

    /// <summary>
    /// Page models and API endpoints read through <see cref="CareSlotDb"/> as they like, but every write is a use case's:
    /// that is where checks, transactions, the outbox and the caches are looked after.
    /// </summary>
    [Fact]
    public void PagesAndEndpoints_WriteOnlyThroughUseCases()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(Program).Assembly.Location);
        var writes = assembly.MainModule.Types
            .Where(t => t.Namespace.StartsWith(Features, StringComparison.Ordinal) && (IsPageModel(t) || t.Name.EndsWith("Api", StringComparison.Ordinal)))
            .SelectMany(t => MethodsWithin(t).SelectMany(m => WritesIn(m).Select(write => $"{t.FullName} ({m.Name}) calls {write}")))
            .Distinct()
            .ToList();

        Assert.True(writes.Count == 0, "Pages and endpoints that write to the database themselves:\n" + string.Join('\n', writes));

        static bool IsPageModel(TypeDefinition type)
        {
            for (var t = type.BaseType; t is not null; t = t.Resolve()?.BaseType)
            {
                if (t.FullName == typeof(PageModel).FullName) return true;
            }
            return false;
        }
    }

    /// <summary>Every method of a type and its nested types: the compiler puts lambdas and async bodies there.</summary>
    private static IEnumerable<MethodDefinition> MethodsWithin(TypeDefinition type) =>
        type.Methods.Where(m => m.HasBody).Concat(type.NestedTypes.SelectMany(MethodsWithin));

    private static readonly HashSet<string> ContextTypes =
        [typeof(DbContext).FullName!, typeof(CareSlotDb).FullName!, typeof(SqliteCareSlotDb).FullName!, typeof(PostgresCareSlotDb).FullName!];

    private static readonly string[] TrackedWrites = ["Add", "AddAsync", "AddRange", "AddRangeAsync", "Remove", "RemoveRange", "Update", "UpdateRange",
        "Attach", "AttachRange"];

    private static IEnumerable<string> WritesIn(MethodDefinition method) =>
        method.Body.Instructions
            .Where(i => i.OpCode.Code is Code.Call or Code.Callvirt)
            .Select(i => (MethodReference)i.Operand)
            .Where(IsWrite)
            .Select(m => $"{m.DeclaringType.Name}.{m.Name}");

    private static bool IsWrite(MethodReference called)
    {
        var type = called.DeclaringType.Namespace + "." + called.DeclaringType.Name.Split('`')[0];
        var name = called.Name;
        return type switch
        {
            _ when ContextTypes.Contains(type) => name.StartsWith("SaveChanges", StringComparison.Ordinal) || TrackedWrites.Contains(name),
            "Microsoft.EntityFrameworkCore.DbSet" => TrackedWrites.Contains(name),
            "Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions" or "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions" =>
                name.StartsWith("ExecuteDelete", StringComparison.Ordinal) || name.StartsWith("ExecuteUpdate", StringComparison.Ordinal),
            "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions" => name.StartsWith("ExecuteSql", StringComparison.Ordinal)
                || name.StartsWith("BeginTransaction", StringComparison.Ordinal),
            "Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade" => name.StartsWith("BeginTransaction", StringComparison.Ordinal),
            _ => false,
        };
    }

    private static IEnumerable<(string Feature, Type Type)> FeatureTypes() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith(Features + ".", StringComparison.Ordinal) == true)
            .Select(t => (t.Namespace![(Features.Length + 1)..].Split('.')[0], t));

    /// <summary>The model's entity, owned and complex types, and the feature types their properties are made of (kinds, modes).</summary>
    private static readonly Lazy<HashSet<Type>> EntityTypes = new(() =>
    {
        using var db = new SqliteCareSlotDb(new DbContextOptionsBuilder<SqliteCareSlotDb>().UseSqlite("Data Source=:memory:").Options);
        var types = new HashSet<Type>();
        void Add(ITypeBase structural)
        {
            types.Add(structural.ClrType);
            types.UnionWith(structural.GetProperties().Select(p => Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType)
                .Where(t => t.Namespace?.StartsWith(Features, StringComparison.Ordinal) == true));
            foreach (var complex in structural.GetComplexProperties()) Add(complex.ComplexType);
        }
        foreach (var entity in db.Model.GetEntityTypes()) Add(entity);
        return types;
    });

    private static string Failing(NetArchTest.Rules.TestResult result) => string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []);
}
