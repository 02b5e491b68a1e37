#include "app/app.hpp"

int main(int argc, char** argv) { return bv::app::Main(argc, argv); }
