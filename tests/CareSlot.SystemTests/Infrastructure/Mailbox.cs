using System.Text;

namespace CareSlot.SystemTests.Infrastructure;

/// <summary>
/// What the SMTP sink accepted: one Maildir file per message (aiosmtpd's Mailbox handler). The app gives every
/// appointment message a Message-Id of its own, the same on every attempt
/// (<c>{appointment}.{template}.{channel}.{version}@domain</c>), so a message sent twice shows up as a repeated id.
/// </summary>
public static class Mailbox
{
    /// <summary>Every accepted message's Message-Id, lower-cased, one entry per file (repeats kept).</summary>
    public static List<string> MessageIds()
    {
        var ids = new List<string>();
        if (!Directory.Exists(Topology.MailDirectory)) return ids;
        foreach (var file in Directory.EnumerateFiles(Topology.MailDirectory))
        {
            if (HeaderOf(file, "Message-Id") is { } id) ids.Add(id.Trim().Trim('<', '>').ToLowerInvariant());
        }
        return ids;
    }

    /// <summary>A header's value from the message's header block, with folded continuation lines joined.</summary>
    private static string? HeaderOf(string file, string name)
    {
        string? value = null;
        var collecting = false;
        foreach (var line in File.ReadLines(file, Encoding.UTF8))
        {
            if (line.Length == 0) break; // the end of the headers
            if (collecting && (line[0] == ' ' || line[0] == '\t'))
            {
                value += line.Trim();
                continue;
            }
            if (value is not null) break;
            collecting = line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase);
            if (collecting) value = line[(name.Length + 1)..].Trim();
        }
        return value;
    }

    /// <summary>The ids of the messages about <paramref name="appointments"/> of one template, e.g. "patientreminder.email".</summary>
    public static (int Distinct, int Duplicates, int Total) Count(IEnumerable<Guid> appointments, string templateAndChannel)
    {
        var wanted = appointments.Select(a => a.ToString("N")).ToHashSet(StringComparer.Ordinal);
        var matching = MessageIds().Where(id =>
        {
            var dot = id.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && wanted.Contains(id[..dot]) && id.AsSpan(dot + 1).StartsWith(templateAndChannel + ".", StringComparison.Ordinal);
        }).ToList();
        var distinct = matching.Distinct(StringComparer.Ordinal).Count();
        return (distinct, matching.Count - distinct, matching.Count);
    }
}
