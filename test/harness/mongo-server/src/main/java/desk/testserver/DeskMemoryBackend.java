package desk.testserver;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Memory backend whose collections return a snapshot from findAndModify.
 *
 * <p>The stock MemoryCollection hands back the live stored document; it is serialised to the
 * client after the collection lock is released, so a concurrent $inc can change it first and two
 * clients see the same value. Cloning inside the synchronized method fixes that.
 */
final class DeskMemoryBackend extends MemoryBackend {
  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getCursorRegistry());
  }

  private static final class Database extends MemoryDatabase {
    Database(String name, CursorRegistry cursorRegistry) {
      super(name, cursorRegistry);
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
      return new Collection(this, collectionName, options, cursorRegistry);
    }
  }

  private static final class Collection extends MemoryCollection {
    Collection(MongoDatabase db, String name, CollectionOptions options, CursorRegistry cursorRegistry) {
      super(db, name, options, cursorRegistry);
    }

    @Override
    public synchronized Document findAndModify(Document query) {
      Document result = super.findAndModify(query);
      return result == null ? null : result.cloneDeeply();
    }
  }
}
