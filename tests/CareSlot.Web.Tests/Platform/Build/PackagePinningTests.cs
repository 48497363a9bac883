using System.Xml.Linq;

namespace CareSlot.Web.Tests.Platform.Build;

/// <summary>
/// Every package the build restores is named once, with one exact version, in Directory.Packages.props: a reference
/// that brings its own version, or a range that resolves to whatever is newest on the day, would let a build pick up
/// a package nobody reviewed (issue 20, dependency hygiene). NuGet's audit (Directory.Build.props) checks the versions.
/// </summary>
public sealed partial class PackagePinningTests
{
    private static readonly string Root = RepositoryRoot();
    private static readonly string[] MsBuildPatterns = ["*.csproj", "*.props", "*.targets"];

    public static TheoryData<string> ProjectFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in MsBuildFiles().Where(f => !f.EndsWith("Directory.Packages.props", StringComparison.Ordinal))) files.Add(file);
        return files;
    }

    [Fact]
    public void CentralPackageManagement_IsOn()
    {
        var props = Load("Directory.Packages.props");

        Assert.Equal("true", props.Descendants("ManagePackageVersionsCentrally").Single().Value.Trim());
        Assert.DoesNotContain(props.Descendants("CentralPackageVersionOverrideEnabled"), e => e.Value.Trim() == "true");
    }

    [Theory]
    [MemberData(nameof(ProjectFiles))]
    public void PackageReferences_NameNoVersionOfTheirOwn(string file)
    {
        var withVersion = Load(file).Descendants("PackageReference")
            .Where(r => r.Attribute("Version") is not null || r.Attribute("VersionOverride") is not null
                || r.Element("Version") is not null || r.Element("VersionOverride") is not null)
            .Select(r => (string?)r.Attribute("Include") ?? (string?)r.Attribute("Update"))
            .ToList();

        Assert.True(withVersion.Count == 0, $"{file}: {string.Join(", ", withVersion)} carry a Version or VersionOverride; " +
            "put the version in Directory.Packages.props instead.");
    }

    [Theory]
    [MemberData(nameof(ProjectFiles))]
    public void PackageReferences_AllHaveAPinnedVersion(string file)
    {
        var pinned = PinnedVersions();

        var unpinned = Load(file).Descendants("PackageReference")
            .Select(r => (string?)r.Attribute("Include"))
            .OfType<string>()
            .Where(name => !pinned.ContainsKey(name))
            .ToList();

        Assert.True(unpinned.Count == 0, $"{file}: {string.Join(", ", unpinned)} have no PackageVersion in Directory.Packages.props.");
    }

    [Fact]
    public void PinnedVersions_AreExact()
    {
        var floating = PinnedVersions().Where(p => !IsExactVersion(p.Value)).Select(p => $"{p.Key} {p.Value}").ToList();

        Assert.True(floating.Count == 0, $"Not an exact version (a range, a wildcard or a property): {string.Join(", ", floating)}.");
    }

    [Fact]
    public void PinnedVersions_AreEachNamedOnce()
    {
        var twice = Load("Directory.Packages.props").Descendants("PackageVersion")
            .GroupBy(v => (string?)v.Attribute("Include"), StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(twice);
    }

    [Theory]
    [InlineData("10.0.15", true)]
    [InlineData("1.20.1-beta.1", true)]
    [InlineData("10.0.*", false)]
    [InlineData("*", false)]
    [InlineData("[10.0.15,)", false)]
    [InlineData("[10.0.15]", false)]
    [InlineData("(1.0,2.0)", false)]
    [InlineData("$(EfVersion)", false)]
    [InlineData("", false)]
    public void IsExactVersion_RefusesRangesAndWildcards(string version, bool exact) => Assert.Equal(exact, IsExactVersion(version));

    /// <summary>
    /// A plain "1.2.3" is, to NuGet, the range "1.2.3 or higher" resolved to the lowest available: exact as long as that
    /// version is served, which the lock of central management and the audit rely on. Brackets, wildcards and properties
    /// are refused so the file says what is restored.
    /// </summary>
    private static bool IsExactVersion(string version) =>
        NuGetVersionPattern().IsMatch(version);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+(\.\d+){1,3}(-[0-9A-Za-z.-]+)?$")]
    private static partial System.Text.RegularExpressions.Regex NuGetVersionPattern();

    private static Dictionary<string, string> PinnedVersions() =>
        Load("Directory.Packages.props").Descendants("PackageVersion")
            .ToDictionary(v => (string)v.Attribute("Include")!, v => (string?)v.Attribute("Version") ?? "", StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> MsBuildFiles() =>
        MsBuildPatterns.SelectMany(pattern => Directory.EnumerateFiles(Root, pattern, SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "artifacts" or "node_modules" or ".git"))
            .Order(StringComparer.Ordinal);

    private static XDocument Load(string relativePath) => XDocument.Load(Path.Combine(Root, relativePath));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CareSlot.slnx"))) return directory.FullName;
        }
        throw new InvalidOperationException("The repository root (CareSlot.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
