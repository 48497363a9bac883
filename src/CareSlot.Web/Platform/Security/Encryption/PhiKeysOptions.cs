namespace CareSlot.Web.Platform.Security.Encryption;

/// <summary>
/// Where the keys that seal protected health information come from. They are never in the database: a folder (one file
/// per key: the file's name is the key's id, its content 32 random bytes in base64) and/or environment variables
/// <c>CARESLOT_PHI_KEY_&lt;id&gt;</c> holding the same. Ids are 1–16 of a–z and 0–9 (an id from a variable's name is
/// taken in lower case). docs/security.md, "Keys for health information".
/// </summary>
public sealed class PhiKeysOptions
{
    public const string Section = "Security:PhiKeys";

    /// <summary>Environment variables (or any top-level setting) named so hold one key each: <c>CARESLOT_PHI_KEY_k2</c>.</summary>
    public const string VariablePrefix = "CARESLOT_PHI_KEY_";

    /// <summary>In Development, when nothing else is configured, keys are read from (and one generated in) this folder under the content root.</summary>
    public const string DevelopmentFolder = "data/keys";

    /// <summary>The folder of key files; relative paths are under the content root. Dot files (a Kubernetes secret's <c>..data</c>) are skipped.</summary>
    public string? Folder { get; set; }

    /// <summary>
    /// The key that seals new data. Required when the ring holds more than one key: which key is current is never
    /// guessed from names or file dates. With one key, that key.
    /// </summary>
    public string? CurrentKeyId { get; set; }

    /// <summary>
    /// Whether each instance, once started, seals values stored before their column was encrypted (in the background,
    /// in batches). Values under an older key are left to <c>rotate-keys</c>.
    /// </summary>
    public bool SealPlaintextOnStart { get; set; } = true;
}
