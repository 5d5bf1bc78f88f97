using System.CommandLine;

namespace RealName.Cli.Commands;

/// <summary>"Did you mean …?" for a mistyped command: the closest subcommand by edit distance at the first unknown word.</summary>
internal static class Suggestions
{
    /// <summary>
    /// When <paramref name="tokens"/> name a command that does not exist, the first unknown word
    /// and the closest full command (null when nothing is close); null when every word is known.
    /// </summary>
    public static (string Unknown, string? Suggestion)? UnknownCommand(Command root, IReadOnlyList<string> tokens)
    {
        var command = root;
        var path = new List<string>();
        foreach (var token in tokens)
        {
            if (token.StartsWith('-') || command.Subcommands.Count == 0)
                return null; // options and arguments are the parser's to judge
            var exact = command.Subcommands.FirstOrDefault(c => c.Name == token || c.Aliases.Contains(token));
            if (exact is not null)
            {
                path.Add(exact.Name);
                command = exact;
                continue;
            }
            var closest = command.Subcommands
                .Select(c => (Command: c, Distance: Distance(token, c.Name)))
                .Where(c => c.Distance <= Math.Max(2, token.Length / 3) || c.Command.Name.Contains(token, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Distance)
                .Select(c => c.Command)
                .FirstOrDefault();
            if (closest is null)
                return (token, null);
            path.Add(closest.Name);
            // Keep the words after the typo when they fit under the corrected command.
            foreach (var rest in tokens.Skip(path.Count))
            {
                var next = closest.Subcommands.FirstOrDefault(c => c.Name == rest);
                if (next is null)
                    break;
                path.Add(next.Name);
                closest = next;
            }
            return (token, string.Join(' ', path));
        }
        return null;
    }

    /// <summary>Levenshtein distance, case-insensitive.</summary>
    public static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
