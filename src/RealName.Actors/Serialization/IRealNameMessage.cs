namespace RealName.Actors.Serialization;

/// <summary>Marker for every message that may cross a node boundary; bound to <see cref="RealNameSerializer"/>.</summary>
public interface IRealNameMessage;
