package dev.sluice.ingest.file;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * A glob over absolute paths ({@code /var/log/app/*.log}, {@code /srv/**}/access.log) that lists
 * the regular files matching it now. Listing walks only below the longest directory prefix without
 * glob characters, and only as deep as the pattern reaches; files that vanish during the walk are
 * skipped.
 */
public final class PathGlob {
  private final String pattern;
  private final Path base;
  private final int maxDepth;
  private final PathMatcher matcher;

  private PathGlob(String pattern, Path base, int maxDepth, PathMatcher matcher) {
    this.pattern = pattern;
    this.base = base;
    this.maxDepth = maxDepth;
    this.matcher = matcher;
  }

  /** Parses a glob; a relative one is taken relative to the working directory. */
  public static PathGlob of(String glob) {
    if (glob == null || glob.isBlank()) {
      throw new IllegalArgumentException("a path glob must not be empty");
    }
    String absolute = Path.of(glob).isAbsolute() ? glob : Path.of("").toAbsolutePath() + "/" + glob;
    String[] segments = absolute.split("/");
    StringBuilder baseText = new StringBuilder();
    int i = 0;
    for (; i < segments.length; i++) {
      if (segments[i].matches(".*[*?\\[{].*")) {
        break;
      }
      if (!segments[i].isEmpty()) {
        baseText.append('/').append(segments[i]);
      }
    }
    Path base;
    int depth;
    if (i == segments.length) {
      base = Path.of(baseText.toString()).getParent();
      depth = 1;
    } else {
      base = Path.of(baseText.length() == 0 ? "/" : baseText.toString());
      depth = absolute.contains("**") ? Integer.MAX_VALUE : segments.length - i;
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
    return new PathGlob(glob, base, depth, matcher);
  }

  /** The glob as given. */
  public String pattern() {
    return pattern;
  }

  /** The regular files that match now. */
  public List<Path> list() {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      return found;
    }
    try {
      Files.walkFileTree(
          base,
          EnumSet.noneOf(FileVisitOption.class),
          maxDepth,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && matcher.matches(file)) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // The walk itself failed (base vanished): nothing matches right now.
    }
    return found;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
