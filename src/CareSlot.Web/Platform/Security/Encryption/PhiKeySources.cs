using Microsoft.Extensions.Options;

namespace CareSlot.Web.Platform.Security.Encryption;

/// <summary>
/// Reads the key ring from its folder and variables (<see cref="PhiKeysOptions"/>), and in Development makes a first key
/// when there is none. Messages name settings, files and ids, never a key's content.
/// </summary>
public static partial class PhiKeySources
{
    /// <summary>The id a generated development key gets.</summary>
    public const string DevelopmentKeyId = "dev1";

    public sealed record Reading(IReadOnlyList<PhiKey> Keys, IReadOnlyList<string> Problems, string? Folder);

    /// <summary>Every key the settings name, and what is wrong with them; a ring is made only when nothing is.</summary>
    public static Reading Read(PhiKeysOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<string>();
        var keys = new Dictionary<string, PhiKey>(StringComparer.Ordinal);
        var folder = FolderOf(options, environment);

        if (folder is not null && Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                if (name.StartsWith('.')) continue;
                if (!PhiKeyRing.IsValidKeyId(name))
                {
                    problems.Add($"The file '{name}' in {PhiKeysOptions.Section}:Folder ({folder}) is not named as a key: a key file's name is its id, 1 to {PhiKeyRing.MaxKeyIdLength} of a-z and 0-9.");
                    continue;
                }
                Add(name, File.ReadAllText(path), $"the key file '{name}' in {folder}");
            }
        }
        else if (options.Folder is not null && !environment.IsDevelopment())
        {
            // A missing folder is a mistake outside Development; in Development, Load makes it with a first key.
            problems.Add($"{PhiKeysOptions.Section}:Folder names '{folder}', which is not a folder.");
        }

        foreach (var setting in configuration.GetChildren().Where(s => s.Key.StartsWith(PhiKeysOptions.VariablePrefix, StringComparison.OrdinalIgnoreCase)))
        {
            var id = setting.Key[PhiKeysOptions.VariablePrefix.Length..].ToLowerInvariant();
            if (!PhiKeyRing.IsValidKeyId(id))
            {
                problems.Add($"{setting.Key} does not name a key: after {PhiKeysOptions.VariablePrefix} comes its id, 1 to {PhiKeyRing.MaxKeyIdLength} of a-z and 0-9.");
                continue;
            }
            Add(id, setting.Value ?? "", setting.Key);
        }

        if (keys.Count > 0 && CurrentIdOf(options, keys.Keys) is { Problem: { } currentProblem }) problems.Add(currentProblem);
        return new Reading([.. keys.Values], problems, folder);

        void Add(string id, string text, string source)
        {
            byte[] material;
            try
            {
                material = Convert.FromBase64String(text.Trim());
            }
            catch (FormatException)
            {
                material = [];
            }
            if (material.Length != PhiKeyRing.KeySize)
            {
                problems.Add($"{Capitalized(source)} does not hold a key: {PhiKeyRing.KeySize} random bytes in base64 (openssl rand -base64 32).");
                return;
            }
            if (keys.TryGetValue(id, out var known))
            {
                if (!known.Material.AsSpan().SequenceEqual(material)) problems.Add($"Key '{id}' is given twice, with different content ({source}).");
                return;
            }
            keys[id] = new PhiKey(id, material);
        }
    }

    /// <summary>
    /// The ring, or the reason there is none. In Development with no key at all, one is generated in the folder
    /// (<see cref="PhiKeysOptions.DevelopmentFolder"/> unless another is set) and a warning logged.
    /// </summary>
    public static PhiKeyRing Load(PhiKeysOptions options, IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(logger);
        var reading = Read(options, configuration, environment);
        var generated = false;
        if (reading.Keys.Count == 0 && reading.Problems.Count == 0 && environment.IsDevelopment() && reading.Folder is { } folder)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, DevelopmentKeyId);
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            // Readable by the app's user only.
            if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(path, create))
            using (var writer = new StreamWriter(file))
            {
                writer.WriteLine(PhiKeyRing.NewKeyText());
            }
            LogDevelopmentKeyGenerated(logger, DevelopmentKeyId, folder);
            generated = true;
            reading = Read(options, configuration, environment);
        }
        if (Problems(reading, environment) is { Count: > 0 } problems) throw new OptionsValidationException(PhiKeysOptions.Section, typeof(PhiKeysOptions), problems);
        if (!generated && environment.IsDevelopment() && options.Folder is null && reading.Keys.Count > 0 && reading.Folder is { } devFolder && Directory.Exists(devFolder))
        {
            LogDevelopmentKeysInUse(logger, devFolder);
        }
        return new PhiKeyRing(reading.Keys, CurrentIdOf(options, reading.Keys.Select(k => k.Id)).Id!);
    }

    /// <summary>What stops a ring being made; none in Development when there is no key yet (<see cref="Load"/> makes one).</summary>
    public static IReadOnlyList<string> Problems(Reading reading, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(environment);
        if (reading.Problems.Count > 0) return reading.Problems;
        if (reading.Keys.Count > 0 || environment.IsDevelopment()) return [];
        return [$"No key for protected health information. Put key files in the folder {PhiKeysOptions.Section}:Folder names " +
            $"(one file per key, named by its id such as k1, holding 32 random bytes in base64: openssl rand -base64 32 > keys/k1), " +
            $"or set environment variables {PhiKeysOptions.VariablePrefix}<id>. Keep them outside the database and its backups (docs/security.md)."];
    }

    private static (string? Id, string? Problem) CurrentIdOf(PhiKeysOptions options, IEnumerable<string> ids)
    {
        var known = ids.Order(StringComparer.Ordinal).ToList();
        if (options.CurrentKeyId is { Length: > 0 } current)
        {
            return known.Contains(current, StringComparer.Ordinal)
                ? (current, null)
                : (null, $"{PhiKeysOptions.Section}:CurrentKeyId is '{current}', but the ring holds only {string.Join(", ", known)}.");
        }
        return known.Count == 1
            ? (known[0], null)
            : (null, $"The ring holds several keys ({string.Join(", ", known)}): set {PhiKeysOptions.Section}:CurrentKeyId to the one that seals new data.");
    }

    private static string? FolderOf(PhiKeysOptions options, IHostEnvironment environment)
    {
        var folder = options.Folder is { Length: > 0 } configured ? configured
            : environment.IsDevelopment() ? PhiKeysOptions.DevelopmentFolder
            : null;
        return folder is null ? null : Path.GetFullPath(folder, environment.ContentRootPath);
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "Generated the development key '{KeyId}' for health information in {Folder}. It is for this machine only: outside Development the app refuses to start without keys configured in Security:PhiKeys (docs/security.md).")]
    private static partial void LogDevelopmentKeyGenerated(ILogger logger, string keyId, string folder);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "Health information is sealed with development keys from {Folder}; configure Security:PhiKeys outside Development.")]
    private static partial void LogDevelopmentKeysInUse(ILogger logger, string folder);
}
