using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Tests.Platform.Security.Encryption;

/// <summary>Where keys come from: a folder of key files and/or CARESLOT_PHI_KEY_ variables; which one is current; Development's own key.</summary>
public sealed class PhiKeySourcesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("careslot-keys-").FullName;
    private string Folder => Path.Combine(root, "keys");

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private HostingEnvironment Environment(string name) => new HostingEnvironment { EnvironmentName = name, ContentRootPath = root };

    private void WriteKey(string name, string content)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, name), content);
    }

    private PhiKeyRing Load(PhiKeysOptions options, IConfiguration? settings = null, string environment = "Production", ILogger? logger = null) =>
        PhiKeySources.Load(options, settings ?? Settings(), Environment(environment), logger ?? NullLogger.Instance);

    [Fact]
    public void Folder_OneFilePerKey_NamedByItsId_DotFilesSkipped()
    {
        WriteKey("k1", PhiKeyRing.NewKeyText() + "\n");
        WriteKey("k2", PhiKeyRing.NewKeyText());
        WriteKey("..data", "not a key");

        var ring = Load(new PhiKeysOptions { Folder = "keys", CurrentKeyId = "k2" });

        Assert.Equal(["k1", "k2"], ring.All.Select(k => k.Id).Order());
        Assert.Equal("k2", ring.Current.Id);
    }

    [Fact]
    public void Variables_CarryKeys_WithTheirIdInLowerCase_BesideTheFolder()
    {
        WriteKey("k1", PhiKeyRing.NewKeyText());

        var ring = Load(new PhiKeysOptions { Folder = Folder, CurrentKeyId = "k2" }, Settings(("CARESLOT_PHI_KEY_K2", PhiKeyRing.NewKeyText())));

        Assert.Equal(["k1", "k2"], ring.All.Select(k => k.Id).Order());
        Assert.Equal("k2", ring.Current.Id);
    }

    [Fact]
    public void OneKey_IsCurrentWithoutBeingNamed()
    {
        Assert.Equal("k7", Load(new PhiKeysOptions(), Settings(("CARESLOT_PHI_KEY_k7", PhiKeyRing.NewKeyText()))).Current.Id);
    }

    [Fact]
    public void SeveralKeys_WithoutCurrentKeyId_AreRefused_NotGuessed()
    {
        var settings = Settings(("CARESLOT_PHI_KEY_k1", PhiKeyRing.NewKeyText()), ("CARESLOT_PHI_KEY_k2", PhiKeyRing.NewKeyText()));

        var error = Assert.Throws<OptionsValidationException>(() => Load(new PhiKeysOptions(), settings));

        Assert.Contains("Security:PhiKeys:CurrentKeyId", error.Message, StringComparison.Ordinal);
        Assert.Contains("k1, k2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CurrentKeyId_NotInTheRing_IsRefused()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Load(new PhiKeysOptions { CurrentKeyId = "k9" }, Settings(("CARESLOT_PHI_KEY_k1", PhiKeyRing.NewKeyText()))));

        Assert.Contains("'k9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadKeys_AreRefused_NamingTheFileOrVariable_NeverTheirContent()
    {
        WriteKey("k1", "c2hvcnQ=");
        WriteKey("Key 2", PhiKeyRing.NewKeyText());

        var error = Assert.Throws<OptionsValidationException>(() =>
            Load(new PhiKeysOptions { Folder = Folder }, Settings(("CARESLOT_PHI_KEY_k-3", PhiKeyRing.NewKeyText()), ("CARESLOT_PHI_KEY_k4", "secret-ish"))));

        Assert.Contains("'k1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Key 2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("CARESLOT_PHI_KEY_k-3", error.Message, StringComparison.Ordinal);
        Assert.Contains("CARESLOT_PHI_KEY_k4", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQ=", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-ish", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameIdTwiceWithDifferentContent_IsRefused()
    {
        WriteKey("k1", PhiKeyRing.NewKeyText());

        var error = Assert.Throws<OptionsValidationException>(() =>
            Load(new PhiKeysOptions { Folder = Folder }, Settings(("CARESLOT_PHI_KEY_k1", PhiKeyRing.NewKeyText()))));

        Assert.Contains("'k1' is given twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderThatDoesNotExist_IsRefused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Load(new PhiKeysOptions { Folder = "missing" }));

        Assert.Contains("Security:PhiKeys:Folder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void NoKeyOutsideDevelopment_IsRefused_SayingHowToMakeOne(string environment)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Load(new PhiKeysOptions(), environment: environment));

        Assert.Contains("Security:PhiKeys:Folder", error.Message, StringComparison.Ordinal);
        Assert.Contains("CARESLOT_PHI_KEY_", error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "data")));
    }

    [Fact]
    public void NoKeyInDevelopment_GeneratesOneUnderDataKeys_WithAWarning_AndUsesItAgainNextTime()
    {
        var logger = new ListLogger();

        var first = Load(new PhiKeysOptions(), environment: "Development", logger: logger);
        var second = Load(new PhiKeysOptions(), environment: "Development");

        var file = Path.Combine(root, "data", "keys", PhiKeySources.DevelopmentKeyId);
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(first.Current.Material, second.Current.Material);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("development key", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Security:PhiKeys", warning.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
