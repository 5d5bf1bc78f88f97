using System.Text;

namespace RealName.Cli.Interactive;

/// <summary>
/// A small line editor for the interactive prompt on a terminal: ←/→, Home/End, Backspace/Delete,
/// Esc (clear), ↑/↓ through this session's history, Ctrl-D on an empty line to leave. History
/// stays in memory: a lookup may hold an ID number, which must not land in a file.
/// </summary>
internal sealed class LineEditor(Func<ConsoleKeyInfo> readKey, TextWriter echo)
{
    private readonly List<string> _history = [];

    public IReadOnlyList<string> History => _history;

    /// <summary>The next line, or null when the operator pressed Ctrl-D on an empty line.</summary>
    public string? ReadLine(string prompt)
    {
        echo.Write(prompt);
        var buffer = new StringBuilder();
        var cursor = 0;
        var recalled = _history.Count;
        while (true)
        {
            var key = readKey();
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    echo.WriteLine();
                    var line = buffer.ToString();
                    if (line.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != line))
                        _history.Add(line);
                    return line;
                case ConsoleKey.Backspace when cursor > 0:
                    buffer.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < buffer.Length:
                    buffer.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < buffer.Length:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                    cursor = buffer.Length;
                    break;
                case ConsoleKey.Escape:
                    buffer.Clear();
                    cursor = 0;
                    break;
                case ConsoleKey.UpArrow when recalled > 0:
                    cursor = Recall(buffer, _history[--recalled]);
                    break;
                case ConsoleKey.DownArrow when recalled < _history.Count:
                    cursor = Recall(buffer, ++recalled == _history.Count ? "" : _history[recalled]);
                    break;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && buffer.Length == 0:
                    echo.WriteLine();
                    return null;
                default:
                    if (char.IsControl(key.KeyChar) || key.Modifiers.HasFlag(ConsoleModifiers.Control))
                        continue;
                    buffer.Insert(cursor++, key.KeyChar);
                    break;
            }
            Redraw(prompt, buffer, cursor);
        }
    }

    private static int Recall(StringBuilder buffer, string line)
    {
        buffer.Clear().Append(line);
        return buffer.Length;
    }

    /// <summary>Rewrites the whole line (prompt, text, clear to end) and puts the cursor back.</summary>
    private void Redraw(string prompt, StringBuilder buffer, int cursor)
    {
        echo.Write("\r" + prompt + buffer + "\u001b[K");
        if (buffer.Length > cursor)
            echo.Write($"\u001b[{buffer.Length - cursor}D");
    }
}
